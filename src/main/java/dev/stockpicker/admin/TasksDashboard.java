package dev.stockpicker.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.context.annotation.Conditional;

import dev.stockpicker.admin.TasksSnapshot.DeadLetterRow;
import dev.stockpicker.admin.TasksSnapshot.Part;
import dev.stockpicker.admin.TasksSnapshot.Queues;
import dev.stockpicker.admin.TasksSnapshot.TaskRow;
import dev.stockpicker.admin.TasksSnapshot.WorkerRow;
import dev.stockpicker.task.DeadLetters;
import dev.stockpicker.task.TaskStatus;
import dev.stockpicker.task.TaskStatusStore;
import dev.stockpicker.task.TaskTopology;
import dev.stockpicker.task.WorkerHeartbeats;

/**
 * Reads the tasks view from RabbitMQ (queue depths, dead letters) and Redis (workers, recent tasks). Each part that
 * fails is marked unavailable; once a service has failed, its other part is not asked, so a view with a service down
 * waits for one timeout, not two.
 */
@Conditional(AdminEnabled.class)
public class TasksDashboard {

    static final int RECENT_TASKS = 50;

    private static final Logger log = LoggerFactory.getLogger(TasksDashboard.class);

    private final AmqpAdmin amqp;
    private final TaskTopology topology;
    private final DeadLetters deadLetters;
    private final TaskStatusStore statuses;
    private final WorkerHeartbeats heartbeats;
    private final Clock clock;

    TasksDashboard(AmqpAdmin amqp, TaskTopology topology, DeadLetters deadLetters, TaskStatusStore statuses,
            WorkerHeartbeats heartbeats, Clock clock) {
        this.amqp = amqp;
        this.topology = topology;
        this.deadLetters = deadLetters;
        this.statuses = statuses;
        this.heartbeats = heartbeats;
        this.clock = clock;
    }

    TasksSnapshot snapshot() {
        Instant now = clock.instant();
        Queues queues = queues();
        Part<DeadLetterRow> dead = queues.available() ? deadLetters() : Part.unavailable();
        Part<TaskRow> recent = recent(now);
        Part<WorkerRow> workers = recent.available() ? workers(now) : Part.unavailable();
        return new TasksSnapshot(Display.time(now), queues, workers, recent, dead);
    }

    private Queues queues() {
        try {
            return new Queues(true, depth(topology.workQueue()), depth(topology.deadLetterQueue()));
        }
        catch (RuntimeException e) {
            unavailable("RabbitMQ", e);
            return Queues.unavailable();
        }
    }

    /** A queue not declared yet holds nothing. */
    private long depth(String queue) {
        QueueInformation info = amqp.getQueueInfo(queue);
        return info == null ? 0 : info.getMessageCount();
    }

    private Part<DeadLetterRow> deadLetters() {
        try {
            return Part.of(deadLetters.list().stream().map(letter -> new DeadLetterRow(letter.messageId(),
                    letter.task() == null ? "(not a task)" : letter.task().name(),
                    letter.task() == null ? abbreviate(letter.body()) : Display.args(letter.task().args()),
                    letter.reason(), letter.failedBy(), letter.task() != null)).toList());
        }
        catch (RuntimeException e) {
            unavailable("RabbitMQ", e);
            return Part.unavailable();
        }
    }

    private Part<TaskRow> recent(Instant now) {
        try {
            List<TaskStatus> recent = statuses.recent(RECENT_TASKS);
            return Part.of(recent.stream().map(s -> new TaskRow(s.id(), s.name(), Display.args(s.args()),
                    s.state().json(), s.attempts(), Display.millis(s.durationMs()), s.worker(), s.reason(), s.result(),
                    Display.time(s.updatedAt()), Display.ago(s.updatedAt(), now))).toList());
        }
        catch (RuntimeException e) {
            unavailable("Redis", e);
            return Part.unavailable();
        }
    }

    private Part<WorkerRow> workers(Instant now) {
        try {
            return Part.of(heartbeats.alive().stream().map(w -> new WorkerRow(w.id(), w.currentTask(),
                    Display.time(w.lastSeen()), Display.ago(w.lastSeen(), now))).toList());
        }
        catch (RuntimeException e) {
            unavailable("Redis", e);
            return Part.unavailable();
        }
    }

    private static void unavailable(String service, RuntimeException e) {
        log.warn("tasks view: {} unavailable: {}", service, e.getMessage());
    }

    private static String abbreviate(String body) {
        return body == null || body.length() <= 120 ? body : body.substring(0, 120) + "...";
    }
}
