package dev.stockpicker.analytics;

/**
 * The values derived for one quote of a ticker.
 *
 * @param indexAdjClose the index's (SPY's) adjusted close on the same date
 * @param scaledAdjClose the quote's adjusted close divided by {@code indexAdjClose}
 * @param movingAverage the mean of {@code scaledAdjClose} over the quote's window
 * @param ratio {@code scaledAdjClose / movingAverage}; low means cheap relative to the recent past
 * @param quotesInMovingAverage how many quotes the window held, this one included (at least 1)
 */
public record Derived(double indexAdjClose, double scaledAdjClose, double movingAverage, double ratio,
        int quotesInMovingAverage) {
}
