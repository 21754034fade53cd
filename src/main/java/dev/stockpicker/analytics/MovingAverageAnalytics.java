package dev.stockpicker.analytics;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The derived values of a ticker's quotes: adjusted close scaled by the index, its moving average over a calendar
 * window, and the ratio of the two.
 * <p>
 * For a quote q the window holds every usable quote p of the same ticker with
 * {@code q.date - windowWeeks weeks <= p.date <= q.date}: calendar-based, inclusive at both ends, no minimum size.
 * A quote is usable when its adjusted close and the index's adjusted close that day are positive and finite. An
 * unusable quote (no index quote that day, zero or negative price, NaN) gets no derived values and is left out of
 * every window; nothing throws on bad data.
 * <p>
 * The window slides over the quotes once: O(n) per call, where the original recomputed each window from scratch.
 */
public final class MovingAverageAnalytics {

    /** The original's window: 86 weeks, about 20 months. */
    public static final int DEFAULT_WINDOW_WEEKS = 86;

    private MovingAverageAnalytics() {
    }

    /**
     * The first date whose quote can be in the window of a quote dated {@code computeFrom}. To recompute from a date
     * on, load the stored quotes from this date onward and pass them to {@link #compute} with that date.
     */
    public static LocalDate windowStart(LocalDate computeFrom, int windowWeeks) {
        requireWindow(windowWeeks);
        return computeFrom.minusWeeks(windowWeeks);
    }

    /** The derived values of every quote; see {@link #compute(LocalDate[], double[], double[], int, LocalDate)}. */
    public static Derived[] compute(LocalDate[] dates, double[] adjClose, double[] indexAdjClose, int windowWeeks) {
        return compute(dates, adjClose, indexAdjClose, windowWeeks, LocalDate.MIN);
    }

    /**
     * The derived values of the quotes dated {@code computeFrom} or later; earlier quotes only serve as window
     * context.
     *
     * @param dates the quote dates, strictly ascending
     * @param adjClose the ticker's adjusted close per date
     * @param indexAdjClose the index's adjusted close per date, NaN when the index has no quote that day
     * @param windowWeeks the window length in weeks, {@code >= 0}
     * @param computeFrom the first date to derive values for
     * @return an array aligned with {@code dates}: {@code null} for unusable quotes and for dates before
     * {@code computeFrom}
     * @throws IllegalArgumentException if the arrays differ in length, the dates are not strictly ascending or the
     * window is negative
     */
    public static Derived[] compute(LocalDate[] dates, double[] adjClose, double[] indexAdjClose, int windowWeeks,
            LocalDate computeFrom) {
        long[] days = epochDays(dates);
        requireSameLength(days.length, adjClose.length, indexAdjClose.length);
        requireWindow(windowWeeks);
        long firstDay = computeFrom.toEpochDay();
        long windowDays = 7L * windowWeeks;

        Derived[] derived = new Derived[days.length];
        // quotes older than the first requested window cannot matter; skipping them also makes a call on the full
        // history and one on the quotes from windowStart(...) on give bit-identical numbers
        int start = firstIndexOnOrAfter(days, firstDay - windowDays);
        int oldest = start; // the window is oldest..i; unusable quotes in it are not counted
        var sum = new CompensatedSum();
        int count = 0;
        for (int i = start; i < days.length; i++) {
            double scaled = scaled(adjClose[i], indexAdjClose[i]);
            if (Double.isNaN(scaled)) {
                continue;
            }
            for (; days[oldest] < days[i] - windowDays; oldest++) {
                double leaving = scaled(adjClose[oldest], indexAdjClose[oldest]);
                if (!Double.isNaN(leaving)) {
                    sum.subtract(leaving);
                    count--;
                }
            }
            if (count == 0) {
                sum.reset();
            }
            sum.add(scaled);
            count++;
            if (days[i] >= firstDay) {
                double mean = sum.value() / count;
                derived[i] = new Derived(indexAdjClose[i], scaled, mean, scaled / mean, count);
            }
        }
        return derived;
    }

    /** adjClose / indexAdjClose, or NaN when the quote is unusable. */
    private static double scaled(double adjClose, double indexAdjClose) {
        if (!isPositiveFinite(adjClose) || !isPositiveFinite(indexAdjClose)) {
            return Double.NaN;
        }
        double scaled = adjClose / indexAdjClose;
        // the division can still overflow or underflow for absurd prices
        return isPositiveFinite(scaled) ? scaled : Double.NaN;
    }

    private static boolean isPositiveFinite(double value) {
        return value > 0 && value < Double.POSITIVE_INFINITY;
    }

    private static long[] epochDays(LocalDate[] dates) {
        long[] days = new long[dates.length];
        for (int i = 0; i < dates.length; i++) {
            days[i] = Objects.requireNonNull(dates[i], "dates[" + i + "]").toEpochDay();
            if (i > 0 && days[i] <= days[i - 1]) {
                throw new IllegalArgumentException("dates must be strictly ascending, but dates[" + (i - 1) + "] = "
                        + dates[i - 1] + " and dates[" + i + "] = " + dates[i]);
            }
        }
        return days;
    }

    private static int firstIndexOnOrAfter(long[] days, long day) {
        int i = 0;
        while (i < days.length && days[i] < day) {
            i++;
        }
        return i;
    }

    private static void requireSameLength(int dates, int adjClose, int indexAdjClose) {
        if (adjClose != dates || indexAdjClose != dates) {
            throw new IllegalArgumentException("dates, adjClose and indexAdjClose must have the same length, but have "
                    + dates + ", " + adjClose + " and " + indexAdjClose);
        }
    }

    private static void requireWindow(int windowWeeks) {
        if (windowWeeks < 0) {
            throw new IllegalArgumentException("windowWeeks must not be negative, but is " + windowWeeks);
        }
    }
}
