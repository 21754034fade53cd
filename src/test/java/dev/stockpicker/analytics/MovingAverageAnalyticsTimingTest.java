package dev.stockpicker.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** A sanity print, not a benchmark: shared CI machines are too noisy to assert on time. */
class MovingAverageAnalyticsTimingTest {

    @Test
    void fiveYearsOfDailyQuotesTakeMicrosecondsPerTicker() {
        List<LocalDate> days = new MarketCalendar().tradingDaysBetween(LocalDate.of(2020, 1, 1),
                LocalDate.of(2024, 12, 31));
        var dates = days.toArray(LocalDate[]::new);
        var adjClose = new double[dates.length];
        var indexAdjClose = new double[dates.length];
        var random = new Random(1);
        for (int i = 0; i < dates.length; i++) {
            adjClose[i] = 100 * Math.exp(0.1 * random.nextGaussian());
            indexAdjClose[i] = 400 * Math.exp(0.05 * random.nextGaussian());
        }

        int repeats = 1000;
        double checksum = 0;
        for (int i = 0; i < repeats; i++) { // warm-up for the JIT
            checksum += run(dates, adjClose, indexAdjClose);
        }
        long start = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            checksum += run(dates, adjClose, indexAdjClose);
        }
        long elapsed = System.nanoTime() - start;

        System.out.printf("MovingAverageAnalytics: %d quotes x %d repeats in %.1f ms (%.1f us per ticker)%n",
                dates.length, repeats, elapsed / 1e6, elapsed / 1e3 / repeats);
        assertThat(checksum).isPositive();
    }

    private static double run(LocalDate[] dates, double[] adjClose, double[] indexAdjClose) {
        Derived[] derived = MovingAverageAnalytics.compute(dates, adjClose, indexAdjClose,
                MovingAverageAnalytics.DEFAULT_WINDOW_WEEKS);
        return derived[derived.length - 1].ratio();
    }
}
