package dev.stockpicker.support;

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
 * The browser of every browser test: Debian's headless Chromium driven by Debian's chromedriver, started once per
 * test run (a start costs seconds) and quit when the JVM exits. Each test class takes it with {@link #shared()},
 * which also clears what the previous class left (cookies, viewport, console). Nothing is downloaded (the driver path
 * is given, so Selenium Manager is never asked) and the background services that would try the network are off.
 * Paths can be changed with CHROMIUM_BINARY and CHROMEDRIVER_BINARY.
 */
public final class Browser {

    static final String INSTALL = "apt-get install -y chromium chromium-driver";
    public static final int WIDTH = 1280;
    public static final int HEIGHT = 800;

    /** Selenium warns that it has no DevTools bindings for Debian's Chromium version: the tests do not need them. */
    private static final java.util.logging.Logger CDP_VERSION_WARNING = java.util.logging.Logger
            .getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    private static Browser shared;

    static {
        CDP_VERSION_WARNING.setLevel(Level.SEVERE);
    }

    private final ChromeDriver driver;
    private final Path profile;

    /** The run's browser, started on first use, with a clean slate for the calling test class. */
    public static synchronized Browser shared() {
        if (shared == null) {
            shared = new Browser();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::quit, "browser-quit"));
        }
        shared.reset();
        return shared;
    }

    private Browser() {
        String binary = TestServices.env("CHROMIUM_BINARY", "/usr/bin/chromium");
        String driverBinary = TestServices.env("CHROMEDRIVER_BINARY", "/usr/bin/chromedriver");
        for (String path : List.of(binary, driverBinary)) {
            if (!new File(path).canExecute()) {
                throw new IllegalStateException(path + " is missing: the browser tests need `" + INSTALL + "`");
            }
        }
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
                "--user-data-dir=" + profile, "--window-size=" + WIDTH + "," + HEIGHT);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driverBinary)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
    }

    /** What one test class must not see of the previous one: its page, cookies, viewport and console. */
    private void reset() {
        driver.get("about:blank");
        driver.manage().deleteAllCookies();
        desktop();
        consoleErrors();
    }

    public ChromeDriver driver() {
        return driver;
    }

    public WebDriverWait waiting(Duration timeout) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(50));
    }

    /** The default desktop viewport: the window itself (headless windows are exactly this size). */
    public void desktop() {
        desktop(WIDTH, HEIGHT);
    }

    public void desktop(int width, int height) {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** A phone-sized viewport (390 × 844), through the browser's device emulation: windows cannot get that narrow. */
    public void phone() {
        phone(390, 844);
    }

    public void phone(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
    }

    /**
     * Everything the pages logged at error level since the last call: script errors, CSP violations, failed loads.
     * Loads cut by the host's network changing under Chromium (another build creating a Docker bridge) are the
     * machine's, not the page's: a page they broke fails its own assertions.
     */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).filter(message -> !message.contains("net::ERR_NETWORK_CHANGED")).toList();
    }

    /** Saves the whole page as target/screenshots/NAME.png. */
    public void screenshot(String name) {
        Object width = driver.executeScript("return document.documentElement.scrollWidth");
        Object height = driver.executeScript("return document.documentElement.scrollHeight");
        save(name + ".png", Map.of("captureBeyondViewport", true, "clip",
                Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    }

    /** Saves the viewport as NAME.png and the whole page as NAME-full.png under target/screenshots/. */
    public void screenshots(String name) {
        save(name + ".png", Map.of());
        screenshot(name + "-full");
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

    private void quit() {
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
