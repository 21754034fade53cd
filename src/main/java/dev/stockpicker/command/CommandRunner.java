package dev.stockpicker.command;

import java.util.ArrayList;
import java.util.List;


import dev.stockpicker.StockpickerProperties;
import dev.stockpicker.quotes.QuoteSourceException;
import dev.stockpicker.quotes.QuoteUpdater;
import dev.stockpicker.quotes.UpdateResult;
import dev.stockpicker.startup.AppliedMigrations;
import dev.stockpicker.task.TaskMessage;
import dev.stockpicker.task.TaskNames;
import dev.stockpicker.task.TaskPublisher;
import dev.stockpicker.ticker.Symbols;
import dev.stockpicker.ticker.TickerRepository;

/** The one-shot commands. Migrations have already run when the context started (see {@code SchemaMigration}). */
public class CommandRunner {

    private final TickerRepository tickers;
    private final QuoteUpdater updater;
    private final StockpickerProperties properties;
    private final TaskPublisher publisher;
    private final AppliedMigrations migrations;

    CommandRunner(TickerRepository tickers, QuoteUpdater updater, StockpickerProperties properties,
            TaskPublisher publisher, AppliedMigrations migrations) {
        this.migrations = migrations;
        this.publisher = publisher;
        this.tickers = tickers;
        this.updater = updater;
        this.properties = properties;
    }

    public int run(Role role, String... args) {
        return switch (role) {
            case MIGRATE -> {
                System.out.println(migrations.describe());
                yield 0;
            }
            case LOAD_TICKERS -> loadTickers();
            case UPDATE_QUOTES -> updateQuotes(List.of(args));
            case ENQUEUE_REFRESH -> {
                TaskMessage task = publisher.publish(TaskNames.UPDATE_ALL_TICKERS, List.of());
                System.out.println("queued " + task.name() + " " + task.id());
                yield 0;
            }
            default -> throw new IllegalArgumentException(role + " is not a one-shot command");
        };
    }

    int loadTickers() {
        for (String symbol : properties.tickersToLoad()) {
            System.out.println(symbol + (tickers.getOrCreate(symbol).created() ? " created" : " exists"));
        }
        return 0;
    }

    int updateQuotes(List<String> requested) {
        List<String> symbols = new ArrayList<>();
        try {
            requested.stream().map(Symbols::normalize).forEach(symbols::add);
        }
        catch (Symbols.InvalidSymbolException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (symbols.isEmpty()) {
            symbols.addAll(tickers.symbols());
        }
        // The index first: every other ticker's derived values divide by it.
        symbols.remove(properties.indexTicker());
        symbols.add(0, properties.indexTicker());

        long started = System.nanoTime();
        int rows = 0;
        int failed = 0;
        for (int i = 0; i < symbols.size(); i++) {
            String symbol = symbols.get(i);
            String progress = "[" + (i + 1) + "/" + symbols.size() + "] ";
            try {
                UpdateResult result = updater.update(symbol);
                rows += result.rowsWritten();
                System.out.println(progress + result.describe());
            }
            catch (QuoteSourceException e) {
                failed++;
                System.out.println(progress + symbol + ": FAILED (" + e.kind() + ") " + e.getMessage());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("Summary: %d tickers, %d rows written, %d failed, %.1f s%n", symbols.size(), rows, failed,
                seconds);
        return failed == 0 ? 0 : 1;
    }
}
