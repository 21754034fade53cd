package dev.stockpicker.page;

import java.util.List;

import dev.stockpicker.quotes.QuoteUpdater;

/** Five years of the sample source's quotes for the index and a few tickers with different first letters. */
final class SampleTickers {

    static final List<String> SYMBOLS = List.of("AMZN", "AAPL", "GOOG", "META", "MSFT", "NFLX", "TSLA");

    private SampleTickers() {
    }

    /** Loads what is missing (nothing, when an earlier class loaded them today). */
    static void load(QuoteUpdater updater) {
        SYMBOLS.forEach(updater::updateWithIndex);
    }
}
