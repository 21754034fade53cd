package dev.stockpicker.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import dev.stockpicker.Application;
import dev.stockpicker.StockpickerProperties;
import dev.stockpicker.analytics.MarketCalendar;
import dev.stockpicker.command.Role;
import dev.stockpicker.quotes.QuoteUpdater;

/**
 * Issue 2's ingest benchmark: 500 tickers and the index, five years each, from the sample source. In one run it
 * alternates the project's ingest path ({@link QuoteUpdater#update} per symbol, index first) with a raw PostgreSQL
 * COPY of exactly the rows that path stored into the same table, then times where the project's time goes and a full
 * recompute of one ticker. Run it with {@code bench/ingest.sh}, which gives it a database of its own.
 */
public final class IngestBenchmark {

    /** Wednesday 2025-11-19 after the close: every run ingests the same five years, whenever it runs. */
    static final Instant NOW = Instant.parse("2025-11-19T22:00:00Z");
    static final int TICKERS = 500;
    /** Five rather than three: on a shared machine the median of five is steadier. */
    static final int ROUNDS = 5;
    static final int BREAKDOWN_PASSES = 3;
    static final int RECOMPUTE_WARM_UP = 5;
    static final int RECOMPUTE_REPEATS = 20;

    private final QuoteUpdater updater;
    private final BenchDatabase database;
    private final IngestBreakdown breakdown;
    private final StockpickerProperties properties;
    private final List<String> symbols = new ArrayList<>();
    private final LocalDate lastDay;

    IngestBenchmark(ConfigurableApplicationContext context) {
        this.updater = context.getBean(QuoteUpdater.class);
        this.database = new BenchDatabase(context.getBean(DataSource.class));
        this.breakdown = new IngestBreakdown(context, database);
        this.properties = context.getBean(StockpickerProperties.class);
        this.lastDay = context.getBean(MarketCalendar.class).lastClosedTradingDay(NOW);
        symbols.add(properties.indexTicker());
        IntStream.range(0, TICKERS).mapToObj(i -> String.format("T%03d", i)).forEach(symbols::add);
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "docs/bench-ingest.md");
        IngestReport report;
        try (ConfigurableApplicationContext context = start()) {
            report = new IngestBenchmark(context).run();
        }
        String markdown = report.markdown();
        Files.writeString(output, markdown);
        System.out.println(markdown);
        System.out.println("written to " + output);
    }

    /** The application as the one-shot commands run it, with the clock stopped at {@link #NOW}. */
    static ConfigurableApplicationContext start() {
        SpringApplication app = new SpringApplication(Application.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setAdditionalProfiles(Role.UPDATE_QUOTES.profile());
        app.addInitializers(context -> ((GenericApplicationContext) context).registerBean("benchClock", Clock.class,
                () -> Clock.fixed(NOW, ZoneOffset.UTC), definition -> definition.setPrimary(true)));
        // The shipped defaults, whatever the environment says: the numbers depend on them.
        return app.run("--stockpicker.quote-source=sample", "--stockpicker.index-ticker=SPY",
                "--stockpicker.weeks-to-download=260", "--stockpicker.moving-average-weeks=86",
                "--stockpicker.source-delay=0ms", "--logging.level.root=warn");
    }

    IngestReport run() {
        // Warm-up, untimed: the JIT compiles the whole path, and the rows it stores become the baseline's input.
        database.clear();
        ingest();
        Snapshot stored = Snapshot.of(database);
        log("warm-up stored " + stored.checksum());

        String loadAtStart = IngestReport.Machine.loadAverage();
        List<Double> project = new ArrayList<>();
        List<Double> projectCpu = new ArrayList<>();
        List<Double> projectServerCpu = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> rawCpu = new ArrayList<>();
        List<Double> rawServerCpu = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            database.clear();
            double cpuBefore = jvmCpuSeconds();
            double serverCpuBefore = database.backendCpuSeconds();
            project.add(Timing.seconds(this::ingest));
            projectCpu.add(jvmCpuSeconds() - cpuBefore);
            projectServerCpu.add(database.backendCpuSeconds() - serverCpuBefore);
            stored.verify(database, "project round " + round);
            log("round " + round + ": project " + seconds(project.get(round - 1)));

            database.clear();
            database.copyInCommitted("ticker", "id, symbol", stored.tickers());
            cpuBefore = jvmCpuSeconds();
            serverCpuBefore = database.backendCpuSeconds();
            raw.add(Timing.seconds(() -> database.copyInCommitted("quote", BenchDatabase.QUOTE_COLUMNS,
                    stored.quotes())));
            rawCpu.add(jvmCpuSeconds() - cpuBefore);
            rawServerCpu.add(database.backendCpuSeconds() - serverCpuBefore);
            stored.verify(database, "raw round " + round);
            log("round " + round + ": raw COPY " + seconds(raw.get(round - 1)));
        }

        IngestBreakdown.Result steps = breakdown.run(symbols, lastDay.minusWeeks(properties.weeksToDownload()),
                lastDay, stored);
        stored.verify(database, "after the breakdown");

        String ticker = symbols.get(1);
        int recomputed = 0;
        for (int i = 0; i < RECOMPUTE_WARM_UP; i++) {
            recomputed = updater.recomputeAll(ticker).rowsWritten();
        }
        List<Double> recompute = new ArrayList<>();
        for (int i = 0; i < RECOMPUTE_REPEATS; i++) {
            recompute.add(Timing.seconds(() -> updater.recomputeAll(ticker)));
        }
        long tickerRows = database.jdbc.queryForObject(
                "SELECT count(*) FROM quote q JOIN ticker t ON t.id = q.ticker_id WHERE t.symbol = ?", Long.class,
                ticker);
        stored.verify(database, "after the recomputes");

        return new IngestReport(IngestReport.Machine.describe(database, loadAtStart), TICKERS, stored.rows(),
                lastDay.minusWeeks(properties.weeksToDownload()), lastDay, new Timing(project), new Timing(raw),
                new Cpu(new Timing(projectCpu), new Timing(projectServerCpu)),
                new Cpu(new Timing(rawCpu), new Timing(rawServerCpu)), steps.rawPerSymbol(), steps.stages(), ticker, tickerRows, recomputed, new Timing(recompute), RECOMPUTE_WARM_UP);
    }

    /** The project's ingest path over every symbol, index first, as {@code update-quotes} runs it. */
    private void ingest() {
        for (String symbol : symbols) {
            updater.update(symbol);
        }
    }

    /** CPU time of this JVM (all threads, JIT and GC included): the client's share of the project path. */
    private static double jvmCpuSeconds() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e9;
    }

    private static String seconds(double seconds) {
        return String.format("%.2f s", seconds);
    }

    private static void log(String line) {
        System.err.println("[bench] " + line);
    }

    /** CPU seconds per round of the benchmark's JVM and of the PostgreSQL backends serving it. */
    record Cpu(Timing client, Timing server) {
    }

    /** What the project path stored, as COPY text: the baseline's input and the check that every round matches. */
    record Snapshot(byte[] tickers, byte[] quotes, long rows, String checksum) {

        static Snapshot of(BenchDatabase database) {
            return new Snapshot(database.copyOut("SELECT id, symbol FROM ticker ORDER BY id"),
                    database.copyOut("SELECT " + BenchDatabase.QUOTE_COLUMNS + " FROM quote ORDER BY ticker_id, date"),
                    database.quoteCount(), database.checksum());
        }

        void verify(BenchDatabase database, String when) {
            String now = database.checksum();
            if (!now.equals(checksum)) {
                throw new IllegalStateException(when + ": stored " + now + ", expected " + checksum);
            }
        }
    }
}
