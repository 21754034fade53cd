package dev.stockpicker.analytics;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Random;

/** A seeded random quote series with the flaws real data has: gaps, missing index days, zero and broken prices. */
record RandomSeries(LocalDate[] dates, double[] adjClose, double[] indexAdjClose) {

    private static final double[] BROKEN = { 0.0, -0.0, -3.5, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY };

    static RandomSeries generate(long seed, int maxSize) {
        var random = new Random(seed);
        // a quarter of the series are tiny, so 0, 1 and 2 quotes come up often
        int size = random.nextInt(4) == 0 ? random.nextInt(3) : random.nextInt(maxSize + 1);
        var dates = new LocalDate[size];
        var adjClose = new double[size];
        var indexAdjClose = new double[size];
        LocalDate day = LocalDate.of(2012, 1, 1).plusDays(random.nextInt(365));
        double price = Math.exp(3 * random.nextGaussian());
        double index = 50 + 300 * random.nextDouble();
        for (int i = 0; i < size; i++) {
            day = day.plusDays(gap(random));
            price *= Math.exp(0.03 * random.nextGaussian());
            index *= Math.exp(0.01 * random.nextGaussian());
            dates[i] = day;
            adjClose[i] = random.nextInt(30) == 0 ? BROKEN[random.nextInt(BROKEN.length)] : price;
            indexAdjClose[i] = switch (random.nextInt(40)) {
                case 0, 1 -> Double.NaN; // the index has no quote that day
                case 2 -> BROKEN[random.nextInt(BROKEN.length)];
                default -> index;
            };
        }
        return new RandomSeries(dates, adjClose, indexAdjClose);
    }

    /** Mostly the next weekday-ish day, sometimes a long weekend, rarely a hole longer than an 86-week window. */
    private static int gap(Random random) {
        int roll = random.nextInt(200);
        if (roll == 0) {
            return 300 + random.nextInt(600);
        }
        return roll < 20 ? 2 + random.nextInt(4) : 1;
    }

    int size() {
        return dates.length;
    }

    /** The quotes dated {@code from} or later. */
    RandomSeries from(LocalDate from) {
        int start = 0;
        while (start < dates.length && dates[start].isBefore(from)) {
            start++;
        }
        return new RandomSeries(Arrays.copyOfRange(dates, start, dates.length),
                Arrays.copyOfRange(adjClose, start, dates.length),
                Arrays.copyOfRange(indexAdjClose, start, dates.length));
    }

    Derived[] compute(int windowWeeks, LocalDate computeFrom) {
        return MovingAverageAnalytics.compute(dates, adjClose, indexAdjClose, windowWeeks, computeFrom);
    }
}
