package dev.stockpicker.quotes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.offset;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.stockpicker.analytics.MarketCalendar;

class SampleQuoteSourceTest {

    private static final List<String> BIG_TECH = List.of("AMZN", "GOOG", "META", "AAPL", "MSFT", "TSLA", "NFLX");

    private static final LocalDate LAST_DAY = LocalDate.of(2025, 11, 21);

    private final MarketCalendar calendar = new MarketCalendar();

    private final SampleQuoteSource sample = new SampleQuoteSource(calendar, Set.of("SPY"));

    @Test
    void namesItselfSampleAndSaysItIsMadeUp() {
        assertThat(sample.name()).isEqualTo("sample");
        assertThat(sample.isSample()).isTrue();
    }

    @Test
    void quotesExactlyTheNyseTradingDays() {
        LocalDate from = LocalDate.of(2024, 1, 1);
        LocalDate to = LocalDate.of(2024, 12, 31);

        List<DailyQuote> quotes = sample.fetch("AAPL", from, to);

        assertThat(quotes).extracting(DailyQuote::date).containsExactlyElementsOf(calendar.tradingDaysBetween(from, to));
        assertThat(quotes).hasSize(252)
            .extracting(DailyQuote::date)
            .doesNotContain(LocalDate.of(2024, 7, 4), LocalDate.of(2024, 12, 25), LocalDate.of(2024, 3, 29));
    }

    @Test
    void givesTheSameNumbersToEveryInstance() {
        List<DailyQuote> first = sample.fetch("NFLX", LocalDate.of(2021, 1, 1), LAST_DAY);
        List<DailyQuote> second = new SampleQuoteSource(new MarketCalendar(), Set.of("SPY")).fetch("NFLX", LocalDate.of(2021, 1, 1),
                LAST_DAY);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void keepsItsNumbersFromOneVersionToTheNext() {
        // Pinned on purpose: stored sample data and screenshots go stale if the generator changes. Update knowingly.
        DailyQuote anchor = sample.fetch("AAPL", SampleQuoteSource.ANCHOR, SampleQuoteSource.ANCHOR).get(0);
        DailyQuote later = sample.fetch("AAPL", LAST_DAY, LAST_DAY).get(0);
        DailyQuote spy = sample.fetch("SPY", LAST_DAY, LAST_DAY).get(0);

        assertThat(anchor.close()).isEqualTo(235.31000392326914);
        assertThat(later.close()).isEqualTo(714.3913575627521);
        assertThat(later.volume()).isEqualTo(818998L);
        assertThat(spy.close()).isEqualTo(178.75399997165223);
    }

    @Test
    void continuesAFullFetchWhenFetchedInPieces() {
        LocalDate from = LocalDate.of(2017, 3, 1);
        List<DailyQuote> full = sample.fetch("TSLA", from, LAST_DAY);

        List<DailyQuote> pieces = new ArrayList<>();
        pieces.addAll(sample.fetch("TSLA", from, LocalDate.of(2019, 6, 30)));
        pieces.addAll(sample.fetch("TSLA", LocalDate.of(2019, 7, 1), LocalDate.of(2023, 12, 31)));
        pieces.addAll(sample.fetch("TSLA", LocalDate.of(2024, 1, 1), LAST_DAY));

        assertThat(pieces).isEqualTo(full);
        assertThat(sample.fetch("TSLA", LocalDate.of(2018, 5, 1), LocalDate.of(2018, 5, 31)))
            .isEqualTo(full.stream().filter(q -> q.date().getYear() == 2018 && q.date().getMonthValue() == 5).toList());
    }

    @Test
    void keepsPricesConsistentWithinEachDay() {
        for (String symbol : List.of("SPY", "AAPL", "TSLA", "BRK-B", "^GSPC", "X")) {
            assertThat(sample.fetch(symbol, LocalDate.of(2005, 1, 1), LAST_DAY)).allSatisfy(q -> {
                assertThat(q.low()).isPositive();
                assertThat(q.low()).isLessThanOrEqualTo(Math.min(q.open(), q.close()));
                assertThat(q.high()).isGreaterThanOrEqualTo(Math.max(q.open(), q.close()));
                assertThat(q.adjClose()).isEqualTo(q.close());
                assertThat(q.volume()).isPositive();
            });
        }
    }

    @Test
    void ignoresTheCaseAndSpacingOfTheSymbol() {
        assertThat(sample.fetch(" aapl ", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31)))
            .isEqualTo(sample.fetch("AAPL", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31)));
    }

    @Test
    void movesStocksWithTheMarket() {
        double[] market = logReturns(sample.fetch("SPY", LAST_DAY.minusYears(5), LAST_DAY));

        for (String symbol : BIG_TECH) {
            double[] stock = logReturns(sample.fetch(symbol, LAST_DAY.minusYears(5), LAST_DAY));
            assertThat(correlation(stock, market)).as(symbol).isBetween(0.2, 0.95);
        }
    }

    @Test
    void modelsEveryMarketSymbolAsTheSameMarket() {
        SampleQuoteSource twoIndices = new SampleQuoteSource(calendar, Set.of("spy", "^GSPC"));
        double[] spy = logReturns(twoIndices.fetch("SPY", LocalDate.of(2023, 1, 1), LAST_DAY));
        double[] gspc = logReturns(twoIndices.fetch("^GSPC", LocalDate.of(2023, 1, 1), LAST_DAY));

        for (int i = 0; i < spy.length; i++) {
            assertThat(gspc[i]).isCloseTo(spy[i], offset(1e-12));
        }
    }

    @Test
    void putsSomeBigTechAboveAndSomeBelowTheirRelativeMovingAverage() {
        Map<String, Double> ratios = relativeToMovingAverage(BIG_TECH, LAST_DAY);

        assertThat(ratios.values()).as(ratios.toString()).anyMatch(r -> r > 1).anyMatch(r -> r < 1);
    }

    @Test
    void putsABroadSetOnBothSidesOfTheirRelativeMovingAverageOnAnyDay() {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            symbols.add("T" + i);
        }
        for (LocalDate last = LocalDate.of(2023, 1, 31); last.isBefore(LAST_DAY); last = last.plusMonths(6)) {
            Map<String, Double> ratios = relativeToMovingAverage(symbols, calendar.previousTradingDay(last));
            long above = ratios.values().stream().filter(r -> r > 1).count();
            assertThat(above).as("above on " + last).isBetween(25L, 75L);
        }
    }

    @Test
    void generatesFiveHundredTickersOfFiveYearsQuickly() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        sample.fetch("WARMUP", LAST_DAY.minusYears(5), LAST_DAY);
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        int rows = 0;
        for (int i = 0; i < 500; i++) {
            rows += sample.fetch("TICKER" + i, LAST_DAY.minusYears(5), LAST_DAY).size();
        }
        long cpuMillis = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
        long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;

        System.out.printf("Sample source: 500 tickers x 5 years = %d rows in %d ms CPU (%d ms wall)%n", rows, cpuMillis,
                wallMillis);
        assertThat(rows).isEqualTo(500 * calendar.tradingDaysBetween(LAST_DAY.minusYears(5), LAST_DAY).size());
    }

    @Test
    void rejectsABlankSymbolAndAnInvertedRange() {
        assertThatExceptionOfType(IllegalArgumentException.class)
            .isThrownBy(() -> sample.fetch(" ", LAST_DAY, LAST_DAY));
        assertThatExceptionOfType(IllegalArgumentException.class)
            .isThrownBy(() -> sample.fetch("AAPL", LAST_DAY, LAST_DAY.minusDays(1)));
    }

    @Test
    void returnsNothingForAWeekend() {
        assertThat(sample.fetch("AAPL", LocalDate.of(2025, 11, 22), LocalDate.of(2025, 11, 23))).isEmpty();
    }

    /** (adjClose / SPY) on {@code last} over its mean across the trailing 86 calendar weeks, per symbol. */
    private Map<String, Double> relativeToMovingAverage(List<String> symbols, LocalDate last) {
        LocalDate from = last.minusYears(5);
        LocalDate windowStart = last.minusWeeks(86);
        Map<LocalDate, Double> spy = new HashMap<>();
        sample.fetch("SPY", from, last).forEach(q -> spy.put(q.date(), q.adjClose()));
        Map<String, Double> ratios = new HashMap<>();
        for (String symbol : symbols) {
            List<DailyQuote> quotes = sample.fetch(symbol, from, last);
            double sum = 0;
            int count = 0;
            for (DailyQuote q : quotes) {
                if (q.date().isAfter(windowStart)) {
                    sum += q.adjClose() / spy.get(q.date());
                    count++;
                }
            }
            DailyQuote latest = quotes.get(quotes.size() - 1);
            assertThat(latest.date()).isEqualTo(last);
            ratios.put(symbol, (latest.adjClose() / spy.get(last)) / (sum / count));
        }
        return ratios;
    }

    private static double[] logReturns(List<DailyQuote> quotes) {
        double[] returns = new double[quotes.size() - 1];
        for (int i = 1; i < quotes.size(); i++) {
            returns[i - 1] = Math.log(quotes.get(i).close() / quotes.get(i - 1).close());
        }
        return returns;
    }

    private static double correlation(double[] a, double[] b) {
        double meanA = 0, meanB = 0;
        for (int i = 0; i < a.length; i++) {
            meanA += a[i] / a.length;
            meanB += b[i] / b.length;
        }
        double cov = 0, varA = 0, varB = 0;
        for (int i = 0; i < a.length; i++) {
            cov += (a[i] - meanA) * (b[i] - meanB);
            varA += (a[i] - meanA) * (a[i] - meanA);
            varB += (b[i] - meanB) * (b[i] - meanB);
        }
        return cov / Math.sqrt(varA * varB);
    }

}
