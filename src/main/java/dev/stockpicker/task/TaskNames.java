package dev.stockpicker.task;

/** The task names on the wire: the reference's Celery task names, without the module prefix. */
public final class TaskNames {
    public static final String UPDATE_TICKER = "update_ticker";
    public static final String UPDATE_ALL_TICKERS = "update_all_tickers";
    public static final String WORKER_HEALTH_CHECK = "worker_health_check";
    public static final String NOOP = "noop";

    private TaskNames() {
    }
}
