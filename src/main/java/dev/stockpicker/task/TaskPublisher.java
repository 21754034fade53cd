package dev.stockpicker.task;

import java.util.List;

/**
 * Puts tasks on the durable task queue as persistent messages and waits for the broker's confirm, so a task that
 * this returns is safely queued. Throws {@link TaskPublishException} when the broker is down or does not confirm in
 * time (a few seconds): never hangs.
 */
public interface TaskPublisher {

    TaskMessage publish(String name, List<String> args);

    /** The worker health round trip: sends {@code worker_health_check(timestamp)} and waits for a worker's answer. */
    String roundTrip(String timestamp, java.time.Duration timeout);
}
