package dev.stockpicker.admin;

import java.util.List;

/**
 * What the tasks view shows, as the page renders it and as {@code /admin/api/tasks} serves it. A part whose service
 * (RabbitMQ for the queues and dead letters, Redis for workers and tasks) is down is marked unavailable instead of
 * failing the whole view.
 */
record TasksSnapshot(String at, Queues queues, Part<WorkerRow> workers, Part<TaskRow> recent,
        Part<DeadLetterRow> deadLetters) {

    /** Messages waiting in the work queue and in the dead-letter queue. */
    record Queues(boolean available, long work, long dead) {
        static Queues unavailable() {
            return new Queues(false, 0, 0);
        }
    }

    record Part<T>(boolean available, List<T> items) {
        static <T> Part<T> of(List<T> items) {
            return new Part<>(true, items);
        }

        static <T> Part<T> unavailable() {
            return new Part<>(false, List.of());
        }
    }

    /** A worker that beat within the last minute; {@code doing} is null while it is idle. */
    record WorkerRow(String id, String doing, String lastSeen, String ago) {
    }

    record TaskRow(String id, String name, String args, String state, int attempts, String duration, String worker,
            String reason, String result, String updated, String ago) {
    }

    /** {@code requeueable} is false for a message that is not a task (it stays for a person to look at). */
    record DeadLetterRow(String id, String name, String args, String reason, String failedBy, boolean requeueable) {
    }
}
