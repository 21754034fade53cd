package dev.stockpicker.task;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Task settings ({@code stockpicker.tasks.*}): worker concurrency (prefetch is always 1, Celery's {@code -O fair}),
 * bounded retries with exponential back-off, the per-ticker lock's expiry, and a queue-name prefix so that tests (or
 * two stacks on one vhost) do not share queues; the work queue holds at most {@code queueMaxLength} tasks.
 */
@ConfigurationProperties("stockpicker.tasks")
public record TaskProperties(int workerConcurrency, int maxAttempts, Duration firstRetryDelay, Duration lockTtl,
        String queuePrefix, @DefaultValue("10000") int queueMaxLength) {

    public TaskProperties {
        if (workerConcurrency < 1 || maxAttempts < 1 || queueMaxLength < 1) {
            throw new IllegalArgumentException(
                    "WORKER_CONCURRENCY, TASK_MAX_ATTEMPTS and TASK_QUEUE_MAX_LENGTH must be at least 1");
        }
        queuePrefix = queuePrefix == null ? "" : queuePrefix;
    }

    /** The delay before attempt {@code n + 1} after attempt {@code n} failed: first delay × 2^(n-1). */
    public Duration retryDelay(int failedAttempt) {
        return firstRetryDelay.multipliedBy(1L << Math.min(failedAttempt - 1, 20));
    }
}
