package dev.stockpicker.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.stockpicker.support.FullStackTest;
import dev.stockpicker.ticker.TickerRepository;

/** A failed request shows the server's reason in the banner and locks nothing (the reference could lock itself). */
@FullStackTest
class ErrorBannerBrowserTest extends SampleDataPageTest {

    static final String DELETED = "NFLX";

    @Autowired
    TickerRepository tickers;

    @BeforeEach
    void openThePageWithSampleData() {
        SampleTickers.load(updater);
        page.openAndWaitForCharts("AMZN");
        page.waitForTickerList();
    }

    @AfterAll
    void restoreTheTicker() {
        SampleTickers.load(updater);
    }

    @Test
    void chartsOfATickerDeletedMeanwhileShowTheServersReason() {
        tickers.delete(DELETED);

        page.clickTicker(DELETED);

        page.waitForErrorBanner();
        assertThat(page.errorBanner()).isEqualTo("Charts of NFLX: Ticker \"NFLX\" does not exist");
        assertThat(page.chartTitle()).isEqualTo("AMZN");
        assertThat(page.selectedTicker()).isEqualTo("AMZN");
    }

    @Test
    void afterAFailedRequestThePageStaysUsable() {
        tickers.delete(DELETED);
        page.clickTicker(DELETED);
        page.waitForErrorBanner();

        page.clickTicker("MSFT");
        page.waitForCharts("MSFT");
        page.dragAcross("price-chart", 0.2, 0.5);
        browser.waiting(PickerPage.WAIT).until(d -> "true".equals(page.visibleRange("scaled-chart").get("zoomed")));
        page.dismissError();

        assertThat(page.chartTitle()).isEqualTo("MSFT");
        assertThat(page.errorBanner()).isEmpty();
        assertThat(page.addTickerButtonEnabled()).isTrue();
    }

    @Test
    void aStartingTickerThatDoesNotExistShowsTheBannerAndTheRestOfThePage() {
        page.openWithTicker("NOPE");

        page.waitForErrorBanner();
        page.waitForRecommendations();
        assertThat(page.errorBanner()).contains("Ticker \"NOPE\" does not exist");
        assertThat(page.tickerList()).contains("AMZN");

        page.clickTicker("AMZN");
        page.waitForCharts("AMZN");
    }
}
