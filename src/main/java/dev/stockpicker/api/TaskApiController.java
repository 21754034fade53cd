package dev.stockpicker.api;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.stockpicker.task.TaskMessage;
import dev.stockpicker.task.TaskNames;
import dev.stockpicker.task.TaskPublishException;
import dev.stockpicker.task.TaskPublisher;
import dev.stockpicker.task.TaskQueueFullException;
import dev.stockpicker.task.TaskStatus;
import dev.stockpicker.task.TaskStatusStore;
import dev.stockpicker.ticker.Symbols;
import dev.stockpicker.ticker.TickerRepository;
import tools.jackson.databind.JsonNode;

/**
 * Adding a ticker queues its download for the workers (the web process never downloads inside a request); the task
 * status endpoint lets the page follow it: queued, running, retrying, done or failed with the reason.
 */
@RestController
public class TaskApiController {

    private static final Logger log = LoggerFactory.getLogger(TaskApiController.class);

    private final TickerRepository tickers;
    private final TaskPublisher publisher;
    private final TaskStatusStore statuses;
    private final AddTickerRateLimit rateLimit;
    private final int maxTickers;

    TaskApiController(TickerRepository tickers, TaskPublisher publisher, TaskStatusStore statuses,
            AddTickerRateLimit rateLimit, ApiLimits limits) {
        this.tickers = tickers;
        this.publisher = publisher;
        this.statuses = statuses;
        this.rateLimit = rateLimit;
        this.maxTickers = limits.maxTickers();
    }

    @PostMapping(path = { "/tickers/addticker", "/tickers/addticker/" }, consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ApiBodies.TickerAdded> addTicker(@RequestBody JsonNode body, HttpServletRequest request) {
        rateLimit.check(request);
        String symbol = Symbols.normalize(JsonBodies.requiredString(body, "ticker"));
        TickerRepository.Creation creation = tickers.getOrCreateWithin(symbol, maxTickers)
                .orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, "ticker limit reached: at most " + maxTickers
                        + " tickers are kept, delete one before adding another"));
        TaskMessage task;
        try {
            task = publisher.publish(TaskNames.UPDATE_TICKER, List.of(symbol));
        }
        catch (TaskPublishException e) {
            if (creation.created()) {
                tickers.delete(symbol); // nothing half-made: the caller can simply try again
            }
            log.warn("addticker {}: {}", symbol, e.getMessage());
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, e instanceof TaskQueueFullException
                    ? "task queue is full, try again later" : "task queue unavailable, try again later");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ApiBodies.TickerAdded(true, symbol,
                creation.created(), task.id(), "/tickers/task/" + task.id() + "/"));
    }

    @GetMapping({ "/tickers/task/{id}", "/tickers/task/{id}/" })
    ApiBodies.Task task(@PathVariable String id) {
        if (!id.matches("[0-9a-fA-F-]{36}")) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid task id");
        }
        TaskStatus status;
        try {
            status = statuses.find(id).orElseThrow(
                    () -> new ApiException(HttpStatus.NOT_FOUND, "no task " + id + " (unknown or older than a day)"));
        }
        catch (ApiException e) {
            throw e;
        }
        catch (RuntimeException e) {
            log.warn("task status lookup failed: {}", e.getMessage());
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "task status store unavailable");
        }
        return ApiBodies.Task.of(status);
    }
}
