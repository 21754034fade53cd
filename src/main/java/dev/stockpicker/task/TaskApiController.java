package dev.stockpicker.task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

import dev.stockpicker.ticker.Symbols;
import dev.stockpicker.ticker.TickerRepository;
import dev.stockpicker.web.ApiException;
import dev.stockpicker.web.JsonBodies;
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

    TaskApiController(TickerRepository tickers, TaskPublisher publisher, TaskStatusStore statuses) {
        this.tickers = tickers;
        this.publisher = publisher;
        this.statuses = statuses;
    }

    @PostMapping(path = { "/tickers/addticker", "/tickers/addticker/" }, consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> addTicker(@RequestBody JsonNode body) {
        String symbol = Symbols.normalize(JsonBodies.requiredString(body, "ticker"));
        TickerRepository.Creation creation = tickers.getOrCreate(symbol);
        TaskMessage task;
        try {
            task = publisher.publish(TaskNames.UPDATE_TICKER, List.of(symbol));
        }
        catch (TaskPublishException e) {
            if (creation.created()) {
                tickers.delete(symbol); // nothing half-made: the caller can simply try again
            }
            log.warn("addticker {}: {}", symbol, e.getMessage());
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "task queue unavailable, try again later");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("success", true);
        json.put("ticker", symbol);
        json.put("created", creation.created());
        json.put("task_id", task.id());
        json.put("status_url", "/tickers/task/" + task.id() + "/");
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(json);
    }

    @GetMapping({ "/tickers/task/{id}", "/tickers/task/{id}/" })
    Map<String, Object> task(@PathVariable String id) {
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
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("success", true);
        json.put("task_id", status.id());
        json.put("name", status.name());
        json.put("args", status.args());
        json.put("status", status.state().json());
        json.put("attempts", status.attempts());
        json.put("reason", status.reason());
        json.put("result", status.result());
        json.put("worker", status.worker());
        json.put("updated_at", status.updatedAt() == null ? null : status.updatedAt().toString());
        json.put("duration_ms", status.durationMs());
        return json;
    }
}
