package dev.stockpicker.task;

import java.util.List;
import java.util.Optional;

/** Task statuses and results, kept where every process can read them (Redis). */
public interface TaskStatusStore {

    void queued(TaskMessage task);

    void running(TaskMessage task, String worker);

    void retrying(TaskMessage task, String reason);

    void done(TaskMessage task, String result, long durationMs);

    void failed(TaskMessage task, String reason, long durationMs);

    Optional<TaskStatus> find(String id);

    /** The most recently updated tasks, newest first. */
    List<TaskStatus> recent(int limit);
}
