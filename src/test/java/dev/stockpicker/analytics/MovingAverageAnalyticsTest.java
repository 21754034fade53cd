package dev.stockpicker.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.time.LocalDate;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MovingAverageAnalyticsTest {

    private static final int WINDOW = MovingAverageAnalytics.DEFAULT_WINDOW_WEEKS;

    /** 1e-12 relative, expressed as AssertJ wants it. */
    private static final double PERCENT = 1e-10;

    private static final LocalDate DAY = LocalDate.of(2024, 1, 2);
    /** Random series per property: 40 of 1,500 quotes against an O(n²) brute force (150 took seconds, found no more). */
    private static final int SEEDS = 40;

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 4, WINDOW })
    void matchesTheBruteForceDefinitionOnRandomSeries(int windowWeeks) {
        for (long seed = 1; seed <= SEEDS; seed++) {
            var series = RandomSeries.generate(seed, 1500);

            assertMatches(series.compute(windowWeeks, LocalDate.MIN), bruteForce(series, windowWeeks, LocalDate.MIN),
                    "seed " + seed);
        }
    }

    @Test
    void recomputingFromADateMatchesTheFullComputationForThoseDates() {
        var random = new Random(42);
        for (long seed = 1; seed <= SEEDS; seed++) {
            var series = RandomSeries.generate(seed, 1500);
            if (series.size() == 0) {
                continue;
            }
            // a quote's date or a day between quotes
            LocalDate computeFrom = series.dates()[random.nextInt(series.size())].minusDays(random.nextInt(3));
            var stored = series.from(MovingAverageAnalytics.windowStart(computeFrom, WINDOW));

            Derived[] full = series.compute(WINDOW, LocalDate.MIN);
            Derived[] incremental = stored.compute(WINDOW, computeFrom);

            int offset = series.size() - stored.size();
            for (int i = 0; i < stored.size(); i++) {
                if (stored.dates()[i].isBefore(computeFrom)) {
                    assertThat(incremental[i]).as("seed %d, context quote %s", seed, stored.dates()[i]).isNull();
                }
                else {
                    assertSame(incremental[i], full[offset + i], "seed " + seed + ", " + stored.dates()[i]);
                }
            }
            assertMatches(incremental, bruteForce(stored, WINDOW, computeFrom), "seed " + seed);
        }
    }

    @Test
    void givesBitIdenticalNumbersFromTheFullHistoryOrFromTheWindowStart() {
        for (long seed = 1; seed <= 50; seed++) {
            var series = RandomSeries.generate(seed, 1500);
            if (series.size() == 0) {
                continue;
            }
            LocalDate computeFrom = series.dates()[series.size() / 2];
            var stored = series.from(MovingAverageAnalytics.windowStart(computeFrom, WINDOW));

            Derived[] fromHistory = series.compute(WINDOW, computeFrom);
            Derived[] fromWindowStart = stored.compute(WINDOW, computeFrom);

            int offset = series.size() - stored.size();
            for (int i = 0; i < stored.size(); i++) {
                assertThat(fromWindowStart[i]).as("seed %d, %s", seed, stored.dates()[i])
                    .isEqualTo(fromHistory[offset + i]);
            }
        }
    }

    @Test
    void indexAgainstItselfIsAlwaysExactlyOne() {
        var random = new Random(7);
        var dates = new LocalDate[1500];
        var prices = new double[dates.length];
        for (int i = 0; i < dates.length; i++) {
            dates[i] = DAY.plusDays(i + (i / 5) * 2); // weekdays only
            prices[i] = 400 * Math.exp(0.2 * random.nextGaussian());
        }

        Derived[] derived = MovingAverageAnalytics.compute(dates, prices, prices, WINDOW);

        assertThat(derived).isNotEmpty().allSatisfy(d -> {
            assertThat(d.scaledAdjClose()).isEqualTo(1.0);
            assertThat(d.movingAverage()).isEqualTo(1.0);
            assertThat(d.ratio()).isEqualTo(1.0);
        });
    }

    @Test
    void firstQuoteIsItsOwnWindowWithRatioOne() {
        Derived[] derived = MovingAverageAnalytics.compute(dates(DAY, DAY.plusDays(1)), new double[] { 37.3, 40 },
                new double[] { 411.7, 412 }, WINDOW);

        assertThat(derived[0].quotesInMovingAverage()).isEqualTo(1);
        assertThat(derived[0].movingAverage()).isEqualTo(37.3 / 411.7);
        assertThat(derived[0].ratio()).isEqualTo(1.0);
        assertThat(derived[1].quotesInMovingAverage()).isEqualTo(2);
    }

    @Test
    void windowIncludesAQuoteExactlyWindowWeeksOld() {
        LocalDate later = DAY.plusWeeks(WINDOW);

        Derived[] derived = MovingAverageAnalytics.compute(dates(DAY, later), new double[] { 1, 3 },
                new double[] { 1, 1 }, WINDOW);

        assertThat(derived[1].quotesInMovingAverage()).isEqualTo(2);
        assertThat(derived[1].movingAverage()).isEqualTo(2.0);
        assertThat(derived[1].ratio()).isEqualTo(1.5);
    }

    @Test
    void windowExcludesAQuoteOneDayOlderThanWindowWeeks() {
        LocalDate later = DAY.plusWeeks(WINDOW).plusDays(1);

        Derived[] derived = MovingAverageAnalytics.compute(dates(DAY, later), new double[] { 1, 3 },
                new double[] { 1, 1 }, WINDOW);

        assertThat(derived[1].quotesInMovingAverage()).isEqualTo(1);
        assertThat(derived[1].ratio()).isEqualTo(1.0);
    }

    @Test
    void dayWithoutAnIndexQuoteGetsNoValuesAndIsLeftOutOfLaterWindows() {
        Derived[] derived = MovingAverageAnalytics.compute(dates(DAY, DAY.plusDays(1), DAY.plusDays(2)),
                new double[] { 2, 1000, 4 }, new double[] { 1, Double.NaN, 1 }, WINDOW);

        assertThat(derived[1]).isNull();
        assertThat(derived[2].quotesInMovingAverage()).isEqualTo(2);
        assertThat(derived[2].movingAverage()).isEqualTo(3.0);
    }

    @ParameterizedTest
    @ValueSource(doubles = { 0.0, -0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY })
    void brokenPriceOrIndexGivesNoValuesWithoutThrowing(double broken) {
        LocalDate[] dates = dates(DAY, DAY.plusDays(1), DAY.plusDays(2));

        Derived[] brokenPrice = MovingAverageAnalytics.compute(dates, new double[] { 2, broken, 4 },
                new double[] { 1, 1, 1 }, WINDOW);
        Derived[] brokenIndex = MovingAverageAnalytics.compute(dates, new double[] { 2, 3, 4 },
                new double[] { 1, broken, 1 }, WINDOW);

        for (Derived[] derived : new Derived[][] { brokenPrice, brokenIndex }) {
            assertThat(derived[1]).isNull();
            assertThat(derived[2].quotesInMovingAverage()).isEqualTo(2);
            assertThat(derived[2].movingAverage()).isEqualTo(3.0);
        }
    }

    @Test
    void scaledCloseThatOverflowsIsTreatedAsBroken() {
        Derived[] derived = MovingAverageAnalytics.compute(dates(DAY), new double[] { Double.MAX_VALUE },
                new double[] { 0.5 }, WINDOW);

        assertThat(derived).containsOnlyNulls();
    }

    @Test
    void noQuotesGiveNoValues() {
        assertThat(MovingAverageAnalytics.compute(new LocalDate[0], new double[0], new double[0], WINDOW)).isEmpty();
    }

    @Test
    void quotesBeforeComputeFromStayEmpty() {
        LocalDate[] dates = dates(DAY, DAY.plusDays(1), DAY.plusDays(2));

        Derived[] derived = MovingAverageAnalytics.compute(dates, new double[] { 1, 2, 3 }, new double[] { 1, 1, 1 },
                WINDOW, DAY.plusDays(2));

        assertThat(derived[0]).isNull();
        assertThat(derived[1]).isNull();
        assertThat(derived[2].quotesInMovingAverage()).isEqualTo(3);
        assertThat(derived[2].movingAverage()).isEqualTo(2.0);
    }

    @Test
    void staysAccurateAfterLargeValuesLeaveTheWindow() {
        // a year of huge scaled closes followed by tiny ones: a plain running sum would keep their rounding residue
        int size = 1200;
        var dates = new LocalDate[size];
        var adjClose = new double[size];
        var indexAdjClose = new double[size];
        var random = new Random(3);
        for (int i = 0; i < size; i++) {
            dates[i] = DAY.plusDays(i);
            adjClose[i] = (i < 365 ? 1e6 : 1e-3) * (1 + random.nextDouble());
            indexAdjClose[i] = 1;
        }
        var series = new RandomSeries(dates, adjClose, indexAdjClose);

        assertMatches(series.compute(WINDOW, LocalDate.MIN), bruteForce(series, WINDOW, LocalDate.MIN), "");
    }

    @Test
    void rejectsDuplicateDates() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> MovingAverageAnalytics.compute(dates(DAY, DAY), new double[] { 1, 1 },
                    new double[] { 1, 1 }, WINDOW))
            .withMessageContaining("strictly ascending");
    }

    @Test
    void rejectsDescendingDates() {
        assertThatIllegalArgumentException().isThrownBy(() -> MovingAverageAnalytics
            .compute(dates(DAY, DAY.minusDays(1)), new double[] { 1, 1 }, new double[] { 1, 1 }, WINDOW));
    }

    @Test
    void rejectsArraysOfDifferentLengths() {
        assertThatIllegalArgumentException().isThrownBy(() -> MovingAverageAnalytics.compute(dates(DAY),
                new double[] { 1, 2 }, new double[] { 1 }, WINDOW));
    }

    @Test
    void rejectsANegativeWindow() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> MovingAverageAnalytics.compute(dates(DAY), new double[] { 1 }, new double[] { 1 }, -1));
    }

    @Test
    void windowStartIsWindowWeeksBeforeComputeFrom() {
        assertThat(MovingAverageAnalytics.windowStart(LocalDate.of(2024, 6, 3), WINDOW))
            .isEqualTo(LocalDate.of(2022, 10, 10));
    }

    /** The definition, one window at a time: O(n²). */
    private static Derived[] bruteForce(RandomSeries series, int windowWeeks, LocalDate computeFrom) {
        LocalDate[] dates = series.dates();
        Derived[] derived = new Derived[dates.length];
        for (int q = 0; q < dates.length; q++) {
            if (!usable(series, q) || dates[q].isBefore(computeFrom)) {
                continue;
            }
            LocalDate windowStart = dates[q].minusWeeks(windowWeeks);
            double sum = 0;
            int count = 0;
            for (int p = 0; p < dates.length; p++) {
                boolean inWindow = !dates[p].isBefore(windowStart) && !dates[p].isAfter(dates[q]);
                if (inWindow && usable(series, p)) {
                    sum += scaled(series, p);
                    count++;
                }
            }
            double mean = sum / count;
            derived[q] = new Derived(series.indexAdjClose()[q], scaled(series, q), mean, scaled(series, q) / mean,
                    count);
        }
        return derived;
    }

    private static boolean usable(RandomSeries series, int i) {
        double adjClose = series.adjClose()[i];
        double index = series.indexAdjClose()[i];
        return Double.isFinite(adjClose) && adjClose > 0 && Double.isFinite(index) && index > 0;
    }

    private static double scaled(RandomSeries series, int i) {
        return series.adjClose()[i] / series.indexAdjClose()[i];
    }

    private static void assertMatches(Derived[] actual, Derived[] expected, String description) {
        assertThat(actual).as(description).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertSame(actual[i], expected[i], description + ", index " + i);
        }
    }

    /** Equal up to 1e-12 relative in the averaged values, exactly equal in the rest. */
    private static void assertSame(Derived actual, Derived expected, String description) {
        if (expected == null) {
            assertThat(actual).as(description).isNull();
            return;
        }
        assertThat(actual).as(description).isNotNull();
        assertThat(actual.indexAdjClose()).as(description).isEqualTo(expected.indexAdjClose());
        assertThat(actual.scaledAdjClose()).as(description).isEqualTo(expected.scaledAdjClose());
        assertThat(actual.quotesInMovingAverage()).as(description).isEqualTo(expected.quotesInMovingAverage());
        assertThat(actual.movingAverage()).as(description).isCloseTo(expected.movingAverage(), withinPercentage(PERCENT));
        assertThat(actual.ratio()).as(description).isCloseTo(expected.ratio(), withinPercentage(PERCENT));
    }

    private static LocalDate[] dates(LocalDate... dates) {
        return dates;
    }
}
