package dev.stockpicker.page;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Debian's chromedriver, with a fresh profile each time: nothing is downloaded
 * (the driver path is given, so Selenium Manager is never asked) and the background services that would try the
 * network are off. Paths can be changed with CHROMIUM_BINARY and CHROMEDRIVER_BINARY.
 */
final class Browser implements AutoCloseable {

    static final String INSTALL = "apt-get install -y chromium chromium-driver";

    /** Selenium warns that it has no DevTools bindings for Debian's Chromium version: the tests do not need them. */
    private static final java.util.logging.Logger CDP_VERSION_WARNING = java.util.logging.Logger
            .getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_WARNING.setLevel(Level.SEVERE);
    }

    private final ChromeDriver driver;
    private final Path profile;

    Browser() {
        String binary = setting("CHROMIUM_BINARY", "/usr/bin/chromium");
        String driverBinary = setting("CHROMEDRIVER_BINARY", "/usr/bin/chromedriver");
        for (String path : List.of(binary, driverBinary)) {
            if (!new File(path).canExecute()) {
                throw new IllegalStateException(path + " is missing: the browser tests need `" + INSTALL + "`");
            }
        }
        System.setProperty("webdriver.chrome.driver", driverBinary);
        try {
            profile = Files.createTempDirectory("stockpicker-chromium-");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--disable-default-apps", "--mute-audio",
                "--user-data-dir=" + profile, "--window-size=1280,800");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driverBinary)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    ChromeDriver driver() {
        return driver;
    }

    WebDriverWait waiting(Duration timeout) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(50));
    }

    /** A desktop-sized viewport: the window itself (headless windows are exactly this size). */
    void desktop(int width, int height) {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** A phone-sized viewport, as the browser's device emulation makes it (windows cannot get that narrow). */
    void phone(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
    }

    /** Everything the page logged at error level since the last call: console.error, exceptions, failed loads. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    /** Saves the viewport and the whole page as PNGs under target/screenshots/. */
    void screenshots(String name) {
        save(name + ".png", Map.of());
        Object width = driver.executeScript("return document.documentElement.scrollWidth");
        Object height = driver.executeScript("return document.documentElement.scrollHeight");
        save(name + "-full.png", Map.of("captureBeyondViewport", true, "clip",
                Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    }

    private void save(String file, Map<String, Object> options) {
        Map<String, Object> parameters = new HashMap<>(options);
        parameters.put("format", "png");
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", parameters);
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Files.write(dir.resolve(file), Base64.getDecoder().decode((String) shot.get("data")));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        }
        finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            catch (IOException e) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
