package dev.stockpicker.page;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

import dev.stockpicker.support.Browser;

/** The picker page as a person uses it: what they click and type, and what they can see. */
final class PickerPage {

    /** The series' stroke colours in charts.js, as RGB. */
    static final int[] TICKER = { 0x15, 0x65, 0xc0 };
    static final int[] INDEX = { 0xef, 0x6c, 0x00 };
    static final int[] SCALED = { 0x2e, 0x7d, 0x32 };
    static final int[] AVERAGE = { 0x8e, 0x24, 0xaa };

    static final Duration WAIT = Duration.ofSeconds(20);

    private static final String COUNT_STROKE_PIXELS = """
            const [figureId, colours] = arguments;
            const canvas = document.querySelector('#' + figureId + ' canvas');
            if (!canvas || canvas.width === 0) return null;
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            const counts = colours.map(() => 0);
            for (let i = 0; i < pixels.length; i += 4) {
              if (pixels[i + 3] < 128) continue;
              colours.forEach((c, k) => {
                if (Math.abs(pixels[i] - c[0]) + Math.abs(pixels[i + 1] - c[1]) + Math.abs(pixels[i + 2] - c[2]) < 60) {
                  counts[k]++;
                }
              });
            }
            return counts;
            """;

    private final Browser browser;
    private final ChromeDriver driver;
    private final String base;

    PickerPage(Browser browser, int port) {
        this.browser = browser;
        this.driver = browser.driver();
        this.base = "http://127.0.0.1:" + port;
    }

    PickerPage open() {
        driver.get(base + "/");
        return this;
    }

    /** Opens the page on a ticker of the address's fragment ({@code /#MSFT}) instead of AMZN. */
    PickerPage openWithTicker(String ticker) {
        driver.get(base + "/#" + ticker);
        return this;
    }

    PickerPage openAndWaitForCharts(String ticker) {
        open();
        waitForCharts(ticker);
        return this;
    }

    void waitForCharts(String ticker) {
        browser.waiting(WAIT).withMessage(() -> "charts of " + ticker + " drawn; banner: " + errorBanner())
                .until(d -> ticker.equals(find("#charts").getDomAttribute("data-drawn-ticker"))
                        && ticker.equals(find("#price-chart").getDomAttribute("data-drawn"))
                        && ticker.equals(find("#scaled-chart").getDomAttribute("data-drawn")));
    }

    void waitForTickerList() {
        browser.waiting(WAIT).until(d -> !tickerList().isEmpty());
    }

    String chartTitle() {
        return find("#chart-title").getText();
    }

    List<String> tickerList() {
        return attributes("#ticker-list button[data-ticker]", "data-ticker");
    }

    /** The list's groups in order: each heading's letter with the tickers under it. */
    Map<String, List<String>> tickerGroups() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (WebElement group : driver.findElements(By.cssSelector("#ticker-list .ticker-group"))) {
            groups.put(group.findElement(By.cssSelector(".ticker-letter")).getText(),
                    group.findElements(By.cssSelector("button[data-ticker]")).stream().map(WebElement::getText).toList());
        }
        return groups;
    }

    String selectedTicker() {
        return find("#ticker-list button[aria-current='true']").getText();
    }

    void clickTicker(String symbol) {
        find("#ticker-list button[data-ticker='" + symbol + "']").click();
    }

    /** How many pixels of each colour the figure's canvas has: a drawn line has hundreds, a blank canvas none. */
    List<Long> strokePixels(String figureId, int[]... colours) {
        @SuppressWarnings("unchecked")
        List<Long> counts = (List<Long>) driver.executeScript(COUNT_STROKE_PIXELS, figureId, List.of(colours));
        return counts;
    }

    String readout(String figureId) {
        return find("#" + figureId + " .chart-readout").getText();
    }

    String readoutDate(String figureId) {
        return find("#" + figureId + " .chart-readout time").getText();
    }

    /** The first and last day the figure shows, and whether that is less than all of them. */
    Map<String, String> visibleRange(String figureId) {
        WebElement figure = find("#" + figureId);
        return Map.of("from", figure.getDomAttribute("data-from"), "to", figure.getDomAttribute("data-to"),
                "zoomed", figure.getDomAttribute("data-zoomed"));
    }

    /** Drags across the figure's plot from one fraction of its width to another, as a mouse would. */
    void dragAcross(String figureId, double from, double to) {
        WebElement plot = find("#" + figureId + " .u-over");
        int width = plot.getSize().getWidth();
        new Actions(driver).moveToElement(plot, (int) (width * (from - 0.5)), 0).clickAndHold()
                .moveByOffset((int) (width * (to - from) / 2), 0).moveByOffset((int) (width * (to - from) / 2), 0)
                .release().perform();
    }

    void hover(String figureId, double at) {
        WebElement plot = find("#" + figureId + " .u-over");
        new Actions(driver).moveToElement(plot, (int) (plot.getSize().getWidth() * (at - 0.5)), 0).perform();
    }

    void resetZoom() {
        find("#reset-zoom").click();
    }

    boolean resetZoomEnabled() {
        return find("#reset-zoom").isEnabled();
    }

    void waitForRecommendations() {
        browser.waiting(WAIT).until(d -> !find("#latest-date").getText().equals("–"));
    }

    String latestDataDate() {
        return find("#latest-date").getText();
    }

    List<String> filterLetters() {
        return attributes("#filter button[data-filter]", "data-filter").stream().filter(l -> !l.isEmpty()).toList();
    }

    void filterBy(String letter) {
        find("#filter button[data-filter='" + letter + "']").click();
    }

    List<String> hits(String table) {
        return attributes("#" + table + "-table tbody tr[data-symbol]", "data-symbol");
    }

    void clickHit(String symbol) {
        find("#recommendations tr[data-symbol='" + symbol + "'] button").click();
    }

    String hitCount(String table) {
        return find("#" + table + "-count").getText();
    }

    void addTicker(String symbol) {
        WebElement input = find("#add-ticker-input");
        input.clear();
        input.sendKeys(symbol);
        find("#add-ticker-button").click();
    }

    void waitForAddTickerState(String... states) {
        List<String> wanted = List.of(states);
        browser.waiting(WAIT).withMessage(() -> "add-ticker state in " + wanted + "; it is " + addTickerStatus())
                .until(d -> wanted.contains(find("#add-ticker-status").getDomAttribute("data-state")));
    }

    String addTickerStatus() {
        return find("#add-ticker-status").getText();
    }

    List<String> addTickerHistory() {
        String history = find("#add-ticker-status").getDomAttribute("data-history");
        return history == null ? List.of() : List.of(history.split(" "));
    }

    boolean addTickerButtonEnabled() {
        return find("#add-ticker-button").isEnabled();
    }

    String errorBanner() {
        WebElement banner = find("#error-banner");
        return banner.isDisplayed() ? find("#error-text").getText() : "";
    }

    void waitForErrorBanner() {
        browser.waiting(WAIT).until(d -> !errorBanner().isEmpty());
    }

    void dismissError() {
        find("#error-dismiss").click();
    }

    boolean sampleNoticeShown() {
        return find("#sample-notice").isDisplayed();
    }

    void waitForSampleNotice() {
        browser.waiting(WAIT).until(d -> sampleNoticeShown());
    }

    /** Milliseconds from the start of navigation until both charts had drawn (the page's performance mark). */
    double navigationToChartsMillis() {
        return ((Number) driver.executeScript(
                "return performance.getEntriesByName('charts-drawn')[0].startTime")).doubleValue();
    }

    /** What the time went on: the navigation entry's milestones and the chart data request. */
    String timingBreakdown() {
        return (String) driver.executeScript("""
                const n = performance.getEntriesByType('navigation')[0];
                const data = performance.getEntriesByType('resource').find(r => r.name.includes('/tickers/tickerdata'));
                const ms = (v) => Math.round(v) + ' ms';
                return 'html ' + ms(n.responseEnd) + ', DOMContentLoaded ' + ms(n.domContentLoadedEventEnd)
                  + (data ? ', tickerdata ' + ms(data.startTime) + '→' + ms(data.responseEnd)
                    + ' (' + Math.round(data.encodedBodySize / 1024) + ' KiB)' : '');
                """);
    }

    /** How many CSS pixels the page is wider than the viewport (0: no sideways scrolling). */
    long horizontalOverflow() {
        return (Long) driver.executeScript(
                "return Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)");
    }

    private WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    private List<String> attributes(String css, String attribute) {
        return driver.findElements(By.cssSelector(css)).stream().map(e -> e.getDomAttribute(attribute)).toList();
    }
}
