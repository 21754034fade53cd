package dev.stockpicker.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;


import dev.stockpicker.support.FullStackTest;

/** The first visit: AMZN's charts, the ticker list, the recommendations and the sample notice, with no error. */
@FullStackTest
class PickerPageBrowserTest extends ReadOnlyPageTest {

    @Test
    void theFirstVisitShowsAmazonsChartsTheTickersAndTheRecommendations() {
        page.openAndWaitForCharts("AMZN");
        page.waitForTickerList();
        page.waitForRecommendations();

        assertThat(page.chartTitle()).isEqualTo("AMZN");
        assertThat(page.selectedTicker()).isEqualTo("AMZN");
        assertThat(page.tickerList()).containsAll(SampleTickers.SYMBOLS).contains("SPY");
        assertThat(page.latestDataDate()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(page.hits("buy").size() + page.hits("sell").size()).isPositive();
    }

    @Test
    void bothChartsAreDrawnWithBothOfTheirSeries() {
        page.openAndWaitForCharts("AMZN");

        assertThat(page.strokePixels("price-chart", PickerPage.TICKER, PickerPage.INDEX))
                .allSatisfy(pixels -> assertThat(pixels).isGreaterThan(500));
        assertThat(page.strokePixels("scaled-chart", PickerPage.SCALED, PickerPage.AVERAGE))
                .allSatisfy(pixels -> assertThat(pixels).isGreaterThan(300));
    }

    @Test
    void theTickersAreGroupedByFirstLetter() {
        page.open().waitForTickerList();

        Map<String, List<String>> groups = page.tickerGroups();
        assertThat(groups.get("A")).containsSubsequence("AAPL", "AMZN");
        assertThat(groups.get("M")).containsSubsequence("META", "MSFT");
        assertThat(List.copyOf(groups.keySet())).isSorted();
        groups.forEach((letter, symbols) -> assertThat(symbols).isSorted()
                .allSatisfy(symbol -> assertThat(symbol).startsWith(letter)));
    }

    @Test
    void aNoticeSaysTheQuotesAreSampleData() {
        page.open().waitForSampleNotice();

        assertThat(page.sampleNoticeShown()).isTrue();
    }

    @Test
    void theReadoutShowsTheLatestDayUntilTheCursorPicksAnother() {
        page.openAndWaitForCharts("AMZN");
        String latest = page.readoutDate("price-chart");

        page.hover("price-chart", 0.25);

        assertThat(page.readoutDate("price-chart")).matches("\\d{4}-\\d{2}-\\d{2}").isLessThan(latest);
        assertThat(page.readoutDate("scaled-chart")).isEqualTo(page.readoutDate("price-chart"));
        assertThat(page.readout("price-chart")).contains("AMZN").contains("SPY").containsPattern("\\d+\\.\\d{2}");
        assertThat(page.readout("scaled-chart")).contains("86-wk SAC Mv Avg").containsPattern("\\d\\.\\d{4}");
    }

    @Test
    void bothChartsAreDrawnSoonAfterNavigationWithFiveYearsOfData() {
        List<Double> millis = new ArrayList<>();
        for (int visit = 0; visit < 3; visit++) {
            page.openAndWaitForCharts("AMZN");
            millis.add(page.navigationToChartsMillis());
        }
        System.out.printf("navigation → both charts drawn (1,260 days × 2 series × 2 charts): %s ms; %s%n",
                millis.stream().map(m -> String.valueOf(Math.round(m))).toList(), page.timingBreakdown());

        assertThat(page.readoutDate("price-chart")).isNotEmpty();
        assertThat(millis.stream().mapToDouble(Double::doubleValue).min().orElseThrow()).isLessThan(1000);
    }

    @Test
    void thePageFitsADesktopAndAPhoneScreen() {
        browser.desktop(1280, 800);
        page.openAndWaitForCharts("AMZN");
        page.waitForRecommendations();
        browser.screenshots("picker-1280x800");
        assertThat(page.horizontalOverflow()).isZero();

        browser.phone(390, 844);
        try {
            page.openAndWaitForCharts("AMZN");
            page.waitForRecommendations();
            browser.screenshots("picker-390x844");
            assertThat(page.horizontalOverflow()).isZero();
            assertThat(page.strokePixels("price-chart", PickerPage.TICKER, PickerPage.INDEX))
                    .allSatisfy(pixels -> assertThat(pixels).isGreaterThan(200));
        }
        finally {
            browser.desktop(1280, 800);
        }
    }
}
