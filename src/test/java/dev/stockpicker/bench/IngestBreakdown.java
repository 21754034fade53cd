package dev.stockpicker.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationContext;

import dev.stockpicker.StockpickerProperties;
import dev.stockpicker.analytics.MovingAverageAnalytics;
import dev.stockpicker.quotes.DailyQuote;
import dev.stockpicker.quotes.QuoteSource;
import dev.stockpicker.ticker.QuoteCopyFormat;
import dev.stockpicker.ticker.QuoteRepository;
import dev.stockpicker.ticker.QuoteRow;
import dev.stockpicker.ticker.Ticker;
import dev.stockpicker.ticker.TickerRepository;

/**
 * Where the project path's time goes: each step of {@code QuoteUpdater.update} timed on its own over all symbols,
 * with the same data. Merging is not timed directly (its SQL is private to the repository): it is the repository's
 * upsert minus formatting minus staging.
 */
final class IngestBreakdown {

    private final QuoteSource source;
    private final TickerRepository tickers;
    private final QuoteRepository quotes;
    private final StockpickerProperties properties;
    private final BenchDatabase database;

    IngestBreakdown(ApplicationContext context, BenchDatabase database) {
        this.source = context.getBean(QuoteSource.class);
        this.tickers = context.getBean(TickerRepository.class);
        this.quotes = context.getBean(QuoteRepository.class);
        this.properties = context.getBean(StockpickerProperties.class);
        this.database = database;
    }

    /** The steps, and a raw COPY per symbol for comparison. */
    record Result(List<IngestReport.Stage> stages, Timing rawPerSymbol) {
    }

    /** Runs each step {@link IngestBenchmark#BREAKDOWN_PASSES} times; expects and leaves the stored rows. */
    Result run(List<String> symbols, LocalDate from, LocalDate to,
            IngestBenchmark.Snapshot stored) {
        List<Ticker> all = symbols.stream().map(s -> tickers.find(s).orElseThrow()).toList();
        Map<Long, List<QuoteRow>> rows = new HashMap<>();
        all.forEach(t -> rows.put(t.id(), quotes.rowsFrom(t.id(), LocalDate.of(1900, 1, 1))));
        byte[][] text = new byte[all.size()][];

        List<Double> fetch = new ArrayList<>();
        List<Double> derive = new ArrayList<>();
        List<Double> reads = new ArrayList<>();
        List<Double> format = new ArrayList<>();
        List<Double> stage = new ArrayList<>();
        List<Double> upsert = new ArrayList<>();
        List<Double> rawPerTicker = new ArrayList<>();
        for (int round = 1; round <= IngestBenchmark.BREAKDOWN_PASSES; round++) {
            List<List<DailyQuote>> fetched = new ArrayList<>();
            fetch.add(Timing.seconds(() -> symbols.forEach(s -> fetched.add(source.fetch(s, from, to)))));
            derive.add(Timing.seconds(() -> derive(fetched)));
            reads.add(Timing.seconds(() -> reads(all, from)));
            format.add(Timing.seconds(() -> {
                for (int i = 0; i < all.size(); i++) {
                    long id = all.get(i).id();
                    text[i] = QuoteCopyFormat.lines(id, rows.get(id)).getBytes(StandardCharsets.UTF_8);
                }
            }));
            stage.add(Timing.seconds(() -> stage(text)));

            database.clearQuotes();
            upsert.add(Timing.seconds(() -> all.forEach(t -> quotes.upsert(t.id(), rows.get(t.id())))));
            stored.verify(database, "breakdown upsert " + round);

            database.clearQuotes();
            rawPerTicker.add(Timing.seconds(() -> {
                for (byte[] ticker : text) {
                    database.copyInCommitted("quote", BenchDatabase.QUOTE_COLUMNS, ticker);
                }
            }));
            stored.verify(database, "breakdown raw per ticker " + round);
        }
        List<Double> merge = new ArrayList<>();
        for (int i = 0; i < upsert.size(); i++) {
            merge.add(Math.max(0, upsert.get(i) - format.get(i) - stage.get(i)));
        }
        return new Result(List.of(
                new IngestReport.Stage("fetch", "SampleQuoteSource.fetch, 5 years per symbol", new Timing(fetch), true),
                new IngestReport.Stage("derive", "MovingAverageAnalytics.compute with its input arrays",
                        new Timing(derive), true),
                new IngestReport.Stage("reads", "per symbol: find, latest date, get-or-create, index closes",
                        new Timing(reads), true),
                new IngestReport.Stage("upsert", "QuoteRepository.upsert per symbol (= format + stage + merge)",
                        new Timing(upsert), true),
                new IngestReport.Stage("format", "rows to COPY text, as QuoteCopyFormat does", new Timing(format),
                        false),
                new IngestReport.Stage("stage", "per symbol: temp table, COPY into it, commit", new Timing(stage),
                        false),
                new IngestReport.Stage("merge", "INSERT … ON CONFLICT from the stage (upsert − format − stage)",
                        new Timing(merge), false)), new Timing(rawPerTicker));
    }

    /** What the updater computes per symbol: adjusted closes against the index's, by date. */
    private void derive(List<List<DailyQuote>> fetched) {
        Map<LocalDate, Double> index = new HashMap<>();
        fetched.get(0).forEach(q -> index.put(q.date(), q.adjClose()));
        for (List<DailyQuote> symbol : fetched) {
            int n = symbol.size();
            LocalDate[] dates = new LocalDate[n];
            double[] adjClose = new double[n];
            double[] indexAdjClose = new double[n];
            for (int i = 0; i < n; i++) {
                DailyQuote q = symbol.get(i);
                dates[i] = q.date();
                adjClose[i] = q.adjClose();
                indexAdjClose[i] = index.getOrDefault(q.date(), Double.NaN);
            }
            MovingAverageAnalytics.compute(dates, adjClose, indexAdjClose, properties.movingAverageWeeks(), dates[0]);
        }
    }

    /**
     * The updater's queries besides the write. Its read of the symbol's stored window is left out: on a first
     * ingest it finds nothing, here it would read five years.
     */
    private void reads(List<Ticker> all, LocalDate from) {
        long index = all.get(0).id();
        LocalDate windowStart = from.minusWeeks(properties.movingAverageWeeks());
        for (Ticker ticker : all) {
            tickers.find(ticker.symbol());
            quotes.latestDate(ticker.id());
            tickers.getOrCreate(ticker.symbol());
            if (ticker.id() != index) {
                quotes.adjClosesFrom(index, windowStart);
            }
        }
    }

    /** The repository's staging without its merge: same statements, same transaction per symbol. */
    private void stage(byte[][] text) {
        try (Connection c = database.dataSource.getConnection()) {
            c.setAutoCommit(false);
            for (byte[] ticker : text) {
                try (var statement = c.createStatement()) {
                    statement.execute("CREATE TEMP TABLE IF NOT EXISTS quote_stage (LIKE quote INCLUDING DEFAULTS) "
                            + "ON COMMIT DELETE ROWS");
                    statement.execute("TRUNCATE quote_stage");
                }
                BenchDatabase.copyIn(c, "quote_stage", BenchDatabase.QUOTE_COLUMNS, ticker);
                c.commit();
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
