package dev.stockpicker.task;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.stockpicker.StockpickerProperties;
import dev.stockpicker.ticker.TickerRepository;

/**
 * {@code update_all_tickers()}: the index first (every ratio divides by it), then one {@code update_ticker} per
 * ticker, fanned out across the workers. Each ticker is its own task, so one bad ticker never stops the others (the
 * reference's chain did).
 */
class UpdateAllTickersHandler implements TaskHandler {

    private static final Logger log = LoggerFactory.getLogger(UpdateAllTickersHandler.class);

    private final UpdateTickerHandler updateTicker;
    private final TickerRepository tickers;
    private final TaskPublisher publisher;
    private final StockpickerProperties properties;

    UpdateAllTickersHandler(UpdateTickerHandler updateTicker, TickerRepository tickers, TaskPublisher publisher,
            StockpickerProperties properties) {
        this.updateTicker = updateTicker;
        this.tickers = tickers;
        this.publisher = publisher;
        this.properties = properties;
    }

    @Override
    public String name() {
        return TaskNames.UPDATE_ALL_TICKERS;
    }

    @Override
    public String handle(TaskMessage task) {
        return handle(task, false);
    }

    @Override
    public String handle(TaskMessage task, boolean repeated) {
        String index = updateTicker.updateLocked(properties.indexTicker(), repeated);
        log.info("index: {}", index);
        List<String> symbols = tickers.symbols().stream().filter(s -> !s.equals(properties.indexTicker())).toList();
        for (String symbol : symbols) {
            publisher.publish(TaskNames.UPDATE_TICKER, List.of(symbol));
        }
        return "index updated, " + symbols.size() + " update_ticker tasks queued";
    }
}
