package dev.stockpicker.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import dev.stockpicker.support.FullStackTest;

/** Choosing a ticker, zooming both charts with a drag, and resetting the zoom. */
@FullStackTest
class ChartInteractionBrowserTest extends ReadOnlyPageTest {

    @BeforeEach
    void openThePage() {
        page.openAndWaitForCharts("AMZN");
        page.waitForTickerList();
    }

    @Test
    void clickingATickerLoadsItsCharts() {
        page.clickTicker("MSFT");
        page.waitForCharts("MSFT");

        assertThat(page.chartTitle()).isEqualTo("MSFT");
        assertThat(page.selectedTicker()).isEqualTo("MSFT");
        assertThat(page.readout("price-chart")).contains("MSFT").contains("SPY");
        assertThat(page.strokePixels("price-chart", PickerPage.TICKER, PickerPage.INDEX))
                .allSatisfy(pixels -> assertThat(pixels).isGreaterThan(500));
    }

    @Test
    void draggingAcrossOneChartZoomsBothToTheSameDays() {
        Map<String, String> all = page.visibleRange("price-chart");

        page.dragAcross("price-chart", 0.3, 0.6);
        browser.waiting(PickerPage.WAIT).until(d -> "true".equals(page.visibleRange("scaled-chart").get("zoomed")));

        Map<String, String> zoomed = page.visibleRange("price-chart");
        assertThat(zoomed.get("zoomed")).isEqualTo("true");
        assertThat(zoomed.get("from")).isGreaterThan(all.get("from"));
        assertThat(zoomed.get("to")).isLessThan(all.get("to"));
        assertThat(page.visibleRange("scaled-chart")).isEqualTo(zoomed);
        assertThat(page.resetZoomEnabled()).isTrue();
        page.hover("price-chart", 0.5);
        browser.screenshots("picker-zoomed-hover-1280x800");
    }

    @Test
    void draggingAcrossTheLowerChartZoomsTheUpperOneToo() {
        page.dragAcross("scaled-chart", 0.5, 0.9);
        browser.waiting(PickerPage.WAIT).until(d -> "true".equals(page.visibleRange("price-chart").get("zoomed")));

        assertThat(page.visibleRange("price-chart")).isEqualTo(page.visibleRange("scaled-chart"));
    }

    @Test
    void resetZoomShowsEveryDayAgainOnBothCharts() {
        Map<String, String> all = page.visibleRange("price-chart");
        page.dragAcross("price-chart", 0.2, 0.4);
        browser.waiting(PickerPage.WAIT).until(d -> "true".equals(page.visibleRange("price-chart").get("zoomed")));

        page.resetZoom();

        assertThat(page.visibleRange("price-chart")).isEqualTo(all);
        assertThat(page.visibleRange("scaled-chart")).isEqualTo(all);
        assertThat(page.resetZoomEnabled()).isFalse();
    }

    @Test
    void anotherTickerOpensUnzoomed() {
        page.dragAcross("price-chart", 0.2, 0.4);
        browser.waiting(PickerPage.WAIT).until(d -> "true".equals(page.visibleRange("price-chart").get("zoomed")));

        page.clickTicker("GOOG");
        page.waitForCharts("GOOG");

        assertThat(page.visibleRange("price-chart").get("zoomed")).isEqualTo("false");
        assertThat(page.visibleRange("scaled-chart").get("zoomed")).isEqualTo("false");
    }
}
