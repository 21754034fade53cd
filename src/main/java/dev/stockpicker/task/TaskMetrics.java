package dev.stockpicker.task;

import java.time.Duration;

import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Task metrics for Prometheus: {@code stockpicker_tasks_total{task,outcome}} (published, succeeded, failed, retried,
 * dead_lettered), {@code stockpicker_task_duration_seconds{task}}, and the depth of the work and dead-letter queues
 * (read from the broker at scrape time; NaN when it is unreachable).
 */
@Component
public class TaskMetrics {

    private final MeterRegistry registry;

    TaskMetrics(MeterRegistry registry, AmqpAdmin admin, TaskTopology topology) {
        this.registry = registry;
        Gauge.builder("stockpicker.queue.depth", () -> depth(admin, topology.workQueue()))
                .tag("queue", "tasks").description("messages ready in the task queue").register(registry);
        Gauge.builder("stockpicker.queue.depth", () -> depth(admin, topology.deadLetterQueue()))
                .tag("queue", "dead").description("messages in the dead-letter queue").register(registry);
    }

    void published(String task) {
        count(task, "published");
    }

    void succeeded(String task, Duration duration) {
        count(task, "succeeded");
        timer(task).record(duration);
    }

    void failed(String task, Duration duration) {
        count(task, "failed");
        timer(task).record(duration);
    }

    void retried(String task) {
        count(task, "retried");
    }

    void deadLettered(String task) {
        count(task, "dead_lettered");
    }

    private void count(String task, String outcome) {
        registry.counter("stockpicker.tasks", "task", task, "outcome", outcome).increment();
    }

    private Timer timer(String task) {
        return Timer.builder("stockpicker.task.duration").tag("task", task).register(registry);
    }

    private static double depth(AmqpAdmin admin, String queue) {
        try {
            QueueInformation info = admin.getQueueInfo(queue);
            return info == null ? Double.NaN : info.getMessageCount();
        }
        catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
