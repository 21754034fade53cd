package dev.stockpicker.quotes;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * Adds a fixed latency to every fetch of another source: makes the offline sample source behave like a network
 * source in demos, and gives fault tests (a worker killed mid-task) a task long enough to interrupt.
 */
final class DelayedQuoteSource implements QuoteSource {

    private final QuoteSource source;
    private final Duration delay;

    DelayedQuoteSource(QuoteSource source, Duration delay) {
        this.source = source;
        this.delay = delay;
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public boolean isSample() {
        return source.isSample();
    }

    @Override
    public List<DailyQuote> fetch(String symbol, LocalDate from, LocalDate to) {
        try {
            Thread.sleep(delay.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuoteSourceException(QuoteSourceException.Kind.UNAVAILABLE, "interrupted", e);
        }
        return source.fetch(symbol, from, to);
    }
}
