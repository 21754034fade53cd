package dev.stockpicker.task;

import java.time.Instant;

/** A worker that has beaten recently; {@code currentTask} is null while it waits for work. */
public record WorkerInfo(String id, String currentTask, Instant lastSeen) {
}
