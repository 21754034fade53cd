package dev.stockpicker.task;

/** Where a task is in its life; {@code /tickers/task/<id>/} reports it in lower case. */
public enum TaskState {
    QUEUED, RUNNING, RETRYING, DONE, FAILED;

    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
