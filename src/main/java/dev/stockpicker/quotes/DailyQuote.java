package dev.stockpicker.quotes;

import java.time.LocalDate;

/** One trading day's prices for one symbol, as a quote source delivers it. */
public record DailyQuote(LocalDate date, double open, double high, double low, double close, double adjClose,
        long volume) {
}
