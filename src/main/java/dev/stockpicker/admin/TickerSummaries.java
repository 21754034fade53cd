package dev.stockpicker.admin;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.annotation.Conditional;

import dev.stockpicker.ticker.QuoteRepository;
import dev.stockpicker.ticker.Ticker;
import dev.stockpicker.ticker.TickerRepository;

/** The ticker list with quote counts and latest dates, narrowed by a symbol search. */
@Conditional(AdminEnabled.class)
public class TickerSummaries {

    private final TickerRepository tickers;
    private final QuoteRepository quotes;

    TickerSummaries(TickerRepository tickers, QuoteRepository quotes) {
        this.tickers = tickers;
        this.quotes = quotes;
    }

    /** Tickers whose symbol contains {@code search} (any case; blank finds all), by symbol. */
    List<TickerSummary> search(String search) {
        String wanted = search == null ? "" : search.trim().toUpperCase(Locale.ROOT);
        Map<Long, Long> counts = quotes.countsByTicker();
        return tickers.all().stream().filter(t -> t.symbol().contains(wanted))
                .map(t -> summary(t, counts.getOrDefault(t.id(), 0L))).toList();
    }

    TickerSummary summary(Ticker ticker, long count) {
        // The latest date is one index lookup; skipped for tickers without quotes.
        return new TickerSummary(ticker.symbol(), count,
                count == 0 ? null : quotes.latestDate(ticker.id()).orElse(null));
    }
}
