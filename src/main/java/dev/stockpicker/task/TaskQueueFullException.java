package dev.stockpicker.task;

/** The broker refused a task because its queue is full (TASK_QUEUE_MAX_LENGTH): nothing was queued. */
public class TaskQueueFullException extends TaskPublishException {
    public TaskQueueFullException(String message) {
        super(message);
    }
}
