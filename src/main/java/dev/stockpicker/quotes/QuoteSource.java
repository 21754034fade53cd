package dev.stockpicker.quotes;

import java.time.LocalDate;
import java.util.List;

/**
 * Where daily quotes come from: Yahoo's chart API in production, a deterministic offline series in tests and demos.
 * Implementations throw {@link QuoteSourceException} with a clear reason; they never return partial garbage.
 */
public interface QuoteSource {

    /** Short name shown to users and in the API, e.g. {@code yahoo} or {@code sample}. */
    String name();

    /** True when the data is made up (the page and API must say so). */
    boolean isSample();

    /** Daily quotes for {@code symbol} with {@code from <= date <= to}, ascending by date, at most one per date. */
    List<DailyQuote> fetch(String symbol, LocalDate from, LocalDate to);
}
