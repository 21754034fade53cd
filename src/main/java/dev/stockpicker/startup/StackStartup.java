package dev.stockpicker.startup;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;

import dev.stockpicker.StockpickerProperties;
import dev.stockpicker.task.TaskMessage;
import dev.stockpicker.task.TaskNames;
import dev.stockpicker.task.TaskPublisher;
import dev.stockpicker.ticker.TickerRepository;

/**
 * What the reference's web entrypoint did after migrating, now once per stack instead of once per replica: create the
 * index and default tickers, then publish the stack's one initial refresh. Every web process and the beat run this
 * when they are ready; the first to claim the {@value #INITIAL_REFRESH} event in the stack's database publishes, the
 * others only say who did. Runs in the ready event itself, so a web process reports ready only afterwards.
 */
class StackStartup {

    static final String INITIAL_REFRESH = "initial-refresh";

    private static final Logger log = LoggerFactory.getLogger(StackStartup.class);

    private final TickerRepository tickers;
    private final StackEvents events;
    private final TaskPublisher publisher;
    private final StockpickerProperties properties;
    private final String owner;

    StackStartup(TickerRepository tickers, StackEvents events, TaskPublisher publisher,
            StockpickerProperties properties, String owner) {
        this.tickers = tickers;
        this.events = events;
        this.publisher = publisher;
        this.properties = properties;
        this.owner = owner;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        run();
    }

    /** Loads the default tickers, then publishes the initial refresh if this process wins it; true when it did. */
    boolean run() {
        try {
            // Before the claim: the refresh that follows must find every default ticker in place.
            properties.tickersToLoad().forEach(tickers::getOrCreate);
            if (!events.claim(INITIAL_REFRESH, owner)) {
                events.find(INITIAL_REFRESH).ifPresent(claim -> log.info(
                        "initial refresh already published by {} at {}", claim.owner(), claim.at()));
                return false;
            }
        }
        catch (DataAccessException e) {
            log.error("start-up could not load the default tickers or claim the initial refresh: {}",
                    e.getMostSpecificCause().getMessage());
            return false;
        }
        return publishInitialRefresh();
    }

    private boolean publishInitialRefresh() {
        try {
            TaskMessage task = publisher.publish(TaskNames.UPDATE_ALL_TICKERS, List.of());
            log.info("published the stack's initial refresh: {}", task.describe());
            return true;
        }
        catch (RuntimeException e) {
            boolean released = release();
            log.error("initial refresh NOT published ({}: {}); {}", e.getClass().getSimpleName(), e.getMessage(),
                    released ? "claim released, so the next web or beat start publishes it"
                            : "claim could NOT be released: delete the row '" + INITIAL_REFRESH
                                    + "' of table stack_event or run update-quotes");
            return false;
        }
    }

    private boolean release() {
        try {
            return events.release(INITIAL_REFRESH, owner);
        }
        catch (DataAccessException e) {
            return false;
        }
    }
}
