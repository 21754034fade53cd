package dev.stockpicker.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.stockpicker.support.FullStackTest;
import dev.stockpicker.ticker.TickerRepository;

/**
 * The add-ticker form against the real queue: the worker in the test context downloads the sample quotes, and the
 * page follows the task until the new ticker is listed, recommended and charted.
 */
@FullStackTest
class AddTickerBrowserTest extends SampleDataPageTest {

    static final String NEW_TICKER = "IBM";

    @Autowired
    TickerRepository tickers;

    @BeforeEach
    void openThePageWithoutTheNewTicker() {
        tickers.delete(NEW_TICKER);
        page.openAndWaitForCharts("AMZN");
        page.waitForTickerList();
        page.waitForRecommendations();
        browser.consoleErrors();
    }

    @AfterAll
    void removeTheNewTicker() {
        tickers.delete(NEW_TICKER);
    }

    @Test
    void aValidTickerIsFollowedFromQueuedToDoneThenListedRecommendedAndCharted() {
        page.addTicker(NEW_TICKER.toLowerCase());

        page.waitForAddTickerState("done", "failed", "refused");
        assertThat(page.addTickerStatus()).isEqualTo(NEW_TICKER + ": done");
        assertThat(page.addTickerHistory()).startsWith("sending", "queued").endsWith("done");
        page.waitForCharts(NEW_TICKER);
        assertThat(page.chartTitle()).isEqualTo(NEW_TICKER);
        assertThat(page.tickerList()).contains(NEW_TICKER);
        assertThat(page.strokePixels("price-chart", PickerPage.TICKER, PickerPage.INDEX))
                .allSatisfy(pixels -> assertThat(pixels).isGreaterThan(500));
        browser.waiting(PickerPage.WAIT).until(d -> allHits().contains(NEW_TICKER));
        assertThat(page.addTickerButtonEnabled()).isTrue();
        assertThat(page.errorBanner()).isEmpty();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void anInvalidSymbolIsRefusedWithTheServersReason() {
        List<String> before = page.tickerList();

        page.addTicker("NOT A TICKER!");

        page.waitForAddTickerState("refused");
        page.waitForErrorBanner();
        assertThat(page.errorBanner()).contains("invalid ticker \"NOT A TICKER!\"").contains("use 1 to 10 of A-Z");
        assertThat(page.addTickerStatus()).contains("invalid ticker");
        assertThat(page.addTickerButtonEnabled()).isTrue();
        assertThat(page.tickerList()).isEqualTo(before);
    }

    private List<String> allHits() {
        List<String> all = new ArrayList<>(page.hits("buy"));
        all.addAll(page.hits("sell"));
        return all;
    }
}
