package dev.stockpicker.task;

import java.time.Instant;
import java.util.List;

/** The last known state of a task, kept in Redis for a day. {@code reason} is set when it failed or is retrying. */
public record TaskStatus(String id, String name, List<String> args, TaskState state, int attempts, String reason,
        String result, String worker, Instant updatedAt, Long durationMs) {
}
