package dev.stockpicker.quotes;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.stockpicker.StockpickerProperties;
import dev.stockpicker.analytics.Derived;
import dev.stockpicker.analytics.MarketCalendar;
import dev.stockpicker.analytics.MovingAverageAnalytics;
import dev.stockpicker.ticker.QuoteRepository;
import dev.stockpicker.ticker.QuoteRow;
import dev.stockpicker.ticker.Ticker;
import dev.stockpicker.ticker.TickerRepository;

/**
 * Brings one ticker's quotes up to the last closed trading day: fetch only the missing days, then recompute only the
 * derived values those days can change (a quote's moving average looks back {@code MOVING_AVERAGE_WEEKS}), and store
 * both in one transaction. The fetch happens before the transaction, so a failing source stores nothing.
 */
@Service
public class QuoteUpdater {

    private static final Logger log = LoggerFactory.getLogger(QuoteUpdater.class);

    private final TickerRepository tickers;
    private final QuoteRepository quotes;
    private final QuoteSource source;
    private final MarketCalendar calendar;
    private final StockpickerProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;

    QuoteUpdater(TickerRepository tickers, QuoteRepository quotes, QuoteSource source, MarketCalendar calendar,
            StockpickerProperties properties, TransactionTemplate transaction, Clock clock) {
        this.tickers = tickers;
        this.quotes = quotes;
        this.source = source;
        this.calendar = calendar;
        this.properties = properties;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * Updates one ticker's quotes alone (the caller made sure the index is current). A ticker that does not exist yet
     * is created in the same transaction as its first quotes, so a symbol the source does not know leaves nothing.
     */
    public UpdateResult update(String symbol) {
        long started = System.nanoTime();
        LocalDate target = calendar.lastClosedTradingDay(clock.instant());
        Ticker existing = tickers.find(symbol).orElse(null);
        LocalDate latest = existing == null ? null : quotes.latestDate(existing.id()).orElse(null);
        // Days stored before the index had them get their derived values once it has (e.g. the index was locked).
        LocalDate repairFrom = existing == null || symbol.equals(properties.indexTicker()) ? null
                : quotes.firstDateMissingIndex(existing.id(), indexId()).orElse(null);
        if (latest != null && !latest.isBefore(target)) {
            if (repairFrom == null) {
                return UpdateResult.upToDate(symbol, latest);
            }
            int written = transaction.execute(status -> store(existing, List.of(), repairFrom, false));
            return new UpdateResult(symbol, UpdateResult.Outcome.RECOMPUTED, 0, written, repairFrom, latest,
                    elapsed(started));
        }
        LocalDate from = latest == null ? target.minusWeeks(properties.weeksToDownload()) : latest.plusDays(1);
        List<DailyQuote> fetched = source.fetch(symbol, from, target);
        if (fetched.isEmpty()) {
            log.info("{}: the {} source has no quotes for {}..{}", symbol, source.name(), from, target);
            tickers.getOrCreate(symbol);
            return new UpdateResult(symbol, UpdateResult.Outcome.UPDATED, 0, 0, from, target, elapsed(started));
        }
        LocalDate first = fetched.get(0).date();
        LocalDate changedFrom = repairFrom != null && repairFrom.isBefore(first) ? repairFrom : first;
        // Days after the latest stored one cannot conflict (the ticker's lock keeps other workers away), so they
        // are copied straight into the table; should another writer have got there first, merge instead.
        boolean append = latest == null || changedFrom.isAfter(latest);
        int written;
        try {
            written = transaction.execute(status -> store(tickers.getOrCreate(symbol).ticker(), fetched,
                    changedFrom, append));
        }
        catch (DuplicateKeyException e) {
            log.info("{}: quotes were stored meanwhile by another writer; merging", symbol);
            written = transaction.execute(status -> store(tickers.getOrCreate(symbol).ticker(), fetched,
                    changedFrom, false));
        }
        return new UpdateResult(symbol, UpdateResult.Outcome.UPDATED, fetched.size(), written, first,
                fetched.get(fetched.size() - 1).date(), elapsed(started));
    }

    private long indexId() {
        return tickers.find(properties.indexTicker()).map(Ticker::id).orElse(-1L);
    }

    /**
     * Recomputes every derived value of a ticker from its stored quotes (after a formula or index change). No role
     * calls it today: the ingest benchmark measures it (bench/ingest.sh), and it is the operator's tool for a change
     * of formula.
     */
    public UpdateResult recomputeAll(String symbol) {
        long started = System.nanoTime();
        Ticker ticker = tickers.find(symbol).orElseThrow(() -> new IllegalArgumentException("unknown ticker " + symbol));
        int written = transaction.execute(status -> store(ticker, List.of(), LocalDate.MIN, false));
        return new UpdateResult(symbol, UpdateResult.Outcome.RECOMPUTED, 0, written, null, null, elapsed(started));
    }

    /**
     * Merges fetched quotes into the stored ones and recomputes derived values from {@code changedFrom} on;
     * {@code append}: every changed row is new, so they are inserted rather than merged.
     */
    private int store(Ticker ticker, List<DailyQuote> fetched, LocalDate changedFrom, boolean append) {
        LocalDate windowStart = changedFrom.equals(LocalDate.MIN) ? LocalDate.of(1900, 1, 1)
                : changedFrom.minusWeeks(properties.movingAverageWeeks());
        TreeMap<LocalDate, QuoteRow> rows = new TreeMap<>();
        for (QuoteRow stored : quotes.rowsFrom(ticker.id(), windowStart)) {
            rows.put(stored.date(), stored);
        }
        for (DailyQuote q : fetched) {
            rows.put(q.date(), QuoteRow.prices(q.date(), q.open(), q.high(), q.low(), q.close(), q.volume(),
                    q.adjClose()));
        }
        Map<LocalDate, Double> index = indexAdjCloses(ticker, rows, windowStart);

        int n = rows.size();
        LocalDate[] dates = new LocalDate[n];
        double[] adjClose = new double[n];
        double[] indexAdjClose = new double[n];
        int i = 0;
        for (QuoteRow row : rows.values()) {
            dates[i] = row.date();
            adjClose[i] = row.adjClose();
            indexAdjClose[i] = index.getOrDefault(row.date(), Double.NaN);
            i++;
        }
        LocalDate computeFrom = changedFrom.equals(LocalDate.MIN) ? dates[0] : changedFrom;
        Derived[] derived = MovingAverageAnalytics.compute(dates, adjClose, indexAdjClose,
                properties.movingAverageWeeks(), computeFrom);

        List<QuoteRow> changed = new ArrayList<>();
        i = 0;
        for (QuoteRow row : rows.values()) {
            if (!row.date().isBefore(computeFrom)) {
                Derived d = derived[i];
                changed.add(d == null ? row.withDerived(null, null, null, null, null)
                        : row.withDerived(d.indexAdjClose(), d.scaledAdjClose(), d.movingAverage(), d.ratio(),
                                d.quotesInMovingAverage()));
            }
            i++;
        }
        return append ? quotes.insertNew(ticker.id(), changed) : quotes.upsert(ticker.id(), changed);
    }

    /** The index's adjusted closes; the index's own rows come from the merge, since they may not be stored yet. */
    private Map<LocalDate, Double> indexAdjCloses(Ticker ticker, TreeMap<LocalDate, QuoteRow> rows,
            LocalDate from) {
        if (ticker.symbol().equals(properties.indexTicker())) {
            Map<LocalDate, Double> own = new TreeMap<>();
            rows.forEach((date, row) -> own.put(date, row.adjClose()));
            return own;
        }
        return tickers.find(properties.indexTicker()).map(index -> quotes.adjClosesFrom(index.id(), from))
                .orElse(Map.of());
    }

    private static long elapsed(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
