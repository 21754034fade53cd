package dev.stockpicker.task;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A task on the queue, as JSON: {@code {"id", "name", "args", "attempt", "published_at"}}. Handlers are idempotent,
 * so a message delivered twice (worker killed before its ack) does no harm.
 */
public record TaskMessage(String id, String name, List<String> args, int attempt, Instant publishedAt) {

    public TaskMessage {
        args = List.copyOf(args);
    }

    /** A new task, published {@code now} (the caller's {@code Clock}: tests and the app share one time source). */
    public static TaskMessage create(String name, List<String> args, Instant now) {
        return new TaskMessage(UUID.randomUUID().toString(), name, args, 1, now);
    }

    public TaskMessage nextAttempt(Instant now) {
        return new TaskMessage(id, name, args, attempt + 1, now);
    }

    public String describe() {
        return name + args + " #" + id.substring(0, 8) + " attempt " + attempt;
    }
}
