package dev.stockpicker.page;

import java.util.List;

import dev.stockpicker.quotes.QuoteUpdater;
import dev.stockpicker.support.Fixtures;

/** Five years of the sample source's quotes for the index and a few tickers with different first letters. */
final class SampleTickers {

    static final List<String> SYMBOLS = List.of("AMZN", "AAPL", "GOOG", "META", "MSFT", "NFLX", "TSLA");

    private SampleTickers() {
    }

    /**
     * Empties the database, then loads the tickers: other test classes leave fixture quotes behind (an index quote
     * dated today would make the updater think the index is up to date).
     */
    static void loadFresh(Fixtures fixtures, QuoteUpdater updater) {
        fixtures.clear();
        load(updater);
    }

    /** Loads what is missing (nothing, when they were loaded today). */
    static void load(QuoteUpdater updater) {
        updater.update("SPY"); // the index first: every other ticker's derived values divide by it
        SYMBOLS.forEach(updater::update);
    }
}
