package dev.stockpicker.ticker;

import java.time.LocalDate;

/**
 * A stored quote of one ticker: the source's prices and the derived values, which are null when they cannot be
 * computed (no index quote that day, a zero divisor).
 */
public record QuoteRow(LocalDate date, double open, double high, double low, double close, long volume,
        double adjClose, Double indexAdjClose, Double scaledAdjClose, Double movingAverage, Double ratio,
        Integer quotesInMovingAverage) {

    /** A row with prices only; derived values to be computed. */
    public static QuoteRow prices(LocalDate date, double open, double high, double low, double close, long volume,
            double adjClose) {
        return new QuoteRow(date, open, high, low, close, volume, adjClose, null, null, null, null, null);
    }

    public QuoteRow withDerived(Double indexAdjClose, Double scaledAdjClose, Double movingAverage, Double ratio,
            Integer quotesInMovingAverage) {
        return new QuoteRow(date, open, high, low, close, volume, adjClose, indexAdjClose, scaledAdjClose,
                movingAverage, ratio, quotesInMovingAverage);
    }
}
