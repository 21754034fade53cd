package dev.stockpicker.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.springframework.dao.DataAccessException;

import dev.stockpicker.StockpickerProperties;
import dev.stockpicker.task.TaskPublisher;
import dev.stockpicker.ticker.QuoteRepository;
import dev.stockpicker.ticker.Ticker;
import dev.stockpicker.ticker.TickerRepository;

/**
 * The reference's five health checks. Each turns every failure into an unhealthy result (the reference let database
 * and broker outages escape as 500 pages); a database failure anywhere reads "database query failed (...)", as the
 * reference's shared "postgres error response" did.
 */
public class HealthChecks {

    static final String DATABASE = "database query failed";
    static final String CELERY = "celery job failed";
    static final String TICKERS = "tickers not loaded";
    static final String QUOTES = "quotes not updated";

    private final TickerRepository tickers;
    private final QuoteRepository quotes;
    private final TaskPublisher publisher;
    private final StockpickerProperties properties;
    private final Clock clock;
    private final Duration roundTripTimeout;

    HealthChecks(TickerRepository tickers, QuoteRepository quotes, TaskPublisher publisher,
            StockpickerProperties properties, Clock clock, HealthProperties health) {
        this.roundTripTimeout = health.roundTripTimeout();
        this.tickers = tickers;
        this.quotes = quotes;
        this.publisher = publisher;
        this.properties = properties;
        this.clock = clock;
    }

    CheckResult app() {
        return CheckResult.healthy();
    }

    CheckResult database() {
        try {
            return CheckResult.healthy("ticker_count", tickers.count());
        }
        catch (RuntimeException e) {
            return CheckResult.failed(DATABASE, e);
        }
    }

    /** A real round trip: a worker runs a database query and answers the timestamp it was sent. */
    CheckResult celery() {
        String timestamp = Instant.now(clock).toString();
        try {
            String answer = publisher.roundTrip(timestamp, roundTripTimeout);
            if (!timestamp.equals(answer)) {
                return CheckResult.unhealthy(CELERY, Failure.WRONG_ANSWER,
                        "sent " + timestamp + ", the worker answered " + answer);
            }
            return CheckResult.healthy();
        }
        catch (RuntimeException e) {
            return roundTripFailed(e);
        }
    }

    /** The index and every default ticker exist. */
    CheckResult tickersLoaded() {
        try {
            List<String> symbols = tickers.symbols();
            List<String> missing = missing(Set.copyOf(symbols));
            if (!missing.isEmpty()) {
                return CheckResult.unhealthy(TICKERS, Failure.WRONG_ANSWER, "missing tickers: " + String.join(", ", missing));
            }
            return CheckResult.healthy("ticker_count", symbols.size());
        }
        catch (RuntimeException e) {
            return databaseOr(TICKERS, e);
        }
    }

    /** The index and every default ticker have at least one quote; counts all quotes. */
    CheckResult quotesUpdated() {
        try {
            Map<String, Long> idsBySymbol = tickers.all().stream()
                    .collect(Collectors.toMap(Ticker::symbol, Ticker::id, (a, b) -> a));
            List<String> missing = missing(idsBySymbol.keySet());
            if (!missing.isEmpty()) {
                return CheckResult.unhealthy(TICKERS, Failure.MISSING, "missing tickers: " + String.join(", ", missing));
            }
            Map<Long, Long> counts = quotes.countsByTicker();
            List<String> withoutQuotes = properties.tickersToLoad().stream()
                    .filter(symbol -> counts.getOrDefault(idsBySymbol.get(symbol), 0L) == 0).toList();
            if (!withoutQuotes.isEmpty()) {
                return CheckResult.unhealthy(QUOTES, Failure.WRONG_ANSWER,
                        "no quotes for: " + String.join(", ", withoutQuotes));
            }
            return CheckResult.healthy("quote_count", counts.values().stream().mapToLong(Long::longValue).sum());
        }
        catch (RuntimeException e) {
            return databaseOr(QUOTES, e);
        }
    }

    private List<String> missing(Set<String> present) {
        return properties.tickersToLoad().stream().filter(Predicate.not(present::contains)).toList();
    }

    private static CheckResult databaseOr(String what, RuntimeException e) {
        return CheckResult.failed(e instanceof DataAccessException ? DATABASE : what, e);
    }

    /** The publisher's words for what went wrong; our classification for the reason (no answer: TimeoutError). */
    private static CheckResult roundTripFailed(RuntimeException e) {
        return CheckResult.unhealthy(CELERY, Failure.of(e), String.valueOf(e.getMessage()));
    }
}
