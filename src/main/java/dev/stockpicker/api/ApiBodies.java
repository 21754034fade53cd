package dev.stockpicker.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.stockpicker.task.TaskStatus;
import dev.stockpicker.ticker.QuoteJson;

/**
 * Every body the JSON API writes, as records whose keys and key order are declared: the reference's JSON text,
 * byte for byte. (Quotes are {@link QuoteJson}, which the repository builds.)
 */
final class ApiBodies {

    private ApiBodies() {
    }

    /** Every failure: {@code {"success": false, "error": "<reason>"}}. Written only by {@link ApiErrorHandler}. */
    @JsonPropertyOrder({ "success", "error" })
    record Error(boolean success, String error) {
        Error(String error) {
            this(false, error);
        }
    }

    record TickerList(List<String> tickers) {
    }

    @JsonPropertyOrder({ "success", "ticker", "index", "avg_weeks", "results" })
    record TickerData(boolean success, String ticker, String index, @JsonProperty("avg_weeks") int avgWeeks,
            List<QuoteJson> results) {
    }

    @JsonPropertyOrder({ "success", "latest_data_date", "sell_hits", "buy_hits" })
    record Recommended(boolean success, @JsonProperty("latest_data_date") String latestDataDate,
            @JsonProperty("sell_hits") List<QuoteJson> sellHits, @JsonProperty("buy_hits") List<QuoteJson> buyHits) {
    }

    @JsonPropertyOrder({ "source", "sample" })
    record Source(String source, boolean sample) {
    }

    @JsonPropertyOrder({ "success", "ticker", "created", "task_id", "status_url" })
    record TickerAdded(boolean success, String ticker, boolean created, @JsonProperty("task_id") String taskId,
            @JsonProperty("status_url") String statusUrl) {
    }

    @JsonPropertyOrder({ "success", "task_id", "name", "args", "status", "attempts", "reason", "result", "worker",
            "updated_at", "duration_ms" })
    record Task(boolean success, @JsonProperty("task_id") String taskId, String name, List<String> args,
            String status, int attempts, String reason, String result, String worker,
            @JsonProperty("updated_at") String updatedAt, @JsonProperty("duration_ms") Long durationMs) {

        static Task of(TaskStatus status) {
            return new Task(true, status.id(), status.name(), status.args(), status.state().json(), status.attempts(),
                    status.reason(), status.result(), status.worker(),
                    status.updatedAt() == null ? null : status.updatedAt().toString(), status.durationMs());
        }
    }
}
