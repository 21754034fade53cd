package dev.stockpicker.page;

import java.util.List;

import dev.stockpicker.quotes.QuoteUpdater;
import dev.stockpicker.support.Fixtures;

/** Five years of the sample source's quotes for the index and a few tickers with different first letters. */
final class SampleTickers {

    static final List<String> SYMBOLS = List.of("AMZN", "AAPL", "GOOG", "META", "MSFT", "NFLX", "TSLA");

    private SampleTickers() {
    }

    /** The database right after the last fresh load; while it still holds exactly that, there is nothing to redo. */
    private static String loaded;

    /**
     * Empties the database, then loads the tickers: other test classes leave fixture quotes behind (an index quote
     * dated today would make the updater think the index is up to date). Skipped when the previous page test class
     * left the sample data as it found it, which is the usual case: five years of seven tickers take seconds.
     */
    static synchronized void loadFresh(Fixtures fixtures, QuoteUpdater updater) {
        if (fixtures.fingerprint().equals(loaded)) {
            load(updater);
            return;
        }
        fixtures.clear();
        load(updater);
        loaded = fixtures.fingerprint();
    }

    /** Loads what is missing (nothing, when they were loaded today). */
    static void load(QuoteUpdater updater) {
        updater.update("SPY"); // the index first: every other ticker's derived values divide by it
        SYMBOLS.forEach(updater::update);
    }
}
