package dev.stockpicker.task;

/** A failure that retrying cannot fix (an unknown symbol, a bad argument): the task goes to dead letters at once. */
public class PermanentTaskFailure extends RuntimeException {
    public PermanentTaskFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public PermanentTaskFailure(String message) {
        super(message);
    }
}
