package dev.stockpicker.task;

import java.time.Duration;
import java.util.Optional;


import dev.stockpicker.StockpickerProperties;
import dev.stockpicker.quotes.QuoteSourceException;
import dev.stockpicker.quotes.QuoteUpdater;
import dev.stockpicker.quotes.UpdateResult;
import dev.stockpicker.ticker.Symbols;
import dev.stockpicker.ticker.TickerRepository;

/**
 * {@code update_ticker(symbol)}: brings the index, then the symbol, up to date, each under its per-symbol lock. A
 * symbol locked by another worker is skipped, not failed: that worker is doing the same work. Except when this task
 * is a repeat (redelivered after its worker died, or a retry): then the lock may be the dead worker's, so the task
 * waits for the lock, at most its TTL (a live holder renews it, a dead one's expires), and retries with back-off only
 * when it is still held, instead of reporting work done that nobody did. Waiting, not failing at once: every task
 * takes the index's lock, so a retry that fails on it at once would lose attempts to live workers' short holds
 * (seen by ci/faults.sh: retries due together after a PostgreSQL outage were dead-lettered that way).
 */
class UpdateTickerHandler implements TaskHandler {

    private static final Duration LOCK_POLL = Duration.ofMillis(100);

    private final QuoteUpdater updater;
    private final TickerLocks locks;
    private final StockpickerProperties properties;
    private final TickerRepository tickers;
    private final Duration lockWait;

    UpdateTickerHandler(QuoteUpdater updater, TickerLocks locks, StockpickerProperties properties,
            TickerRepository tickers, TaskProperties taskProperties) {
        this.tickers = tickers;
        this.lockWait = taskProperties.lockTtl().plusSeconds(1);
        this.updater = updater;
        this.locks = locks;
        this.properties = properties;
    }

    @Override
    public String name() {
        return TaskNames.UPDATE_TICKER;
    }

    @Override
    public String handle(TaskMessage task) {
        return handle(task, false);
    }

    @Override
    public String handle(TaskMessage task, boolean repeated) {
        if (task.args().size() != 1) {
            throw new PermanentTaskFailure("update_ticker takes one symbol, got " + task.args());
        }
        String symbol;
        try {
            symbol = Symbols.normalize(task.args().get(0));
        }
        catch (Symbols.InvalidSymbolException e) {
            throw new PermanentTaskFailure(e.getMessage(), e);
        }
        if (!symbol.equals(properties.indexTicker())) {
            updateLocked(properties.indexTicker(), repeated);
        }
        return updateLocked(symbol, repeated);
    }

    /** Updates one symbol under its lock; used for the index by update_all_tickers too. */
    String updateLocked(String symbol, boolean repeated) {
        Optional<TickerLocks.Lock> lock = repeated ? awaitLock(symbol) : locks.tryLock(symbol);
        if (lock.isEmpty()) {
            if (repeated) {
                throw new IllegalStateException(symbol + " is locked, maybe by a worker that died on this task; "
                        + "retrying after the lock expires");
            }
            return symbol + " has already been accepted by another task";
        }
        try (TickerLocks.Lock held = lock.get()) {
            UpdateResult result = updater.update(symbol);
            return result.describe();
        }
        catch (QuoteSourceException e) {
            if (e.isRetryable()) {
                throw e;
            }
            if (e.kind() == QuoteSourceException.Kind.UNKNOWN_SYMBOL && tickers.deleteIfNoQuotes(symbol)) {
                throw new PermanentTaskFailure(e.getMessage() + " (ticker removed)", e);
            }
            throw new PermanentTaskFailure(e.getMessage(), e);
        }
    }

    private Optional<TickerLocks.Lock> awaitLock(String symbol) {
        long deadline = System.nanoTime() + lockWait.toNanos();
        Optional<TickerLocks.Lock> lock = locks.tryLock(symbol);
        while (lock.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(LOCK_POLL.toMillis());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the worker is stopping: the task is retried as when locked
                return Optional.empty();
            }
            lock = locks.tryLock(symbol);
        }
        return lock;
    }
}
