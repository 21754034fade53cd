package dev.stockpicker.task;

/** A task could not be queued (broker down, no confirm) or a round trip got no answer in time. */
public class TaskPublishException extends RuntimeException {
    public TaskPublishException(String message, Throwable cause) {
        super(message, cause);
    }

    public TaskPublishException(String message) {
        super(message);
    }
}
