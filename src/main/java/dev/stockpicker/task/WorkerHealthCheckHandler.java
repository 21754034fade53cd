package dev.stockpicker.task;

import org.springframework.jdbc.core.JdbcTemplate;

/** {@code worker_health_check(timestamp)}: proves the worker can reach the database, then echoes the timestamp. */
class WorkerHealthCheckHandler implements TaskHandler {

    private final JdbcTemplate jdbc;

    WorkerHealthCheckHandler(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return TaskNames.WORKER_HEALTH_CHECK;
    }

    @Override
    public String handle(TaskMessage task) {
        jdbc.queryForObject("SELECT count(*) FROM ticker", Long.class);
        return task.args().isEmpty() ? "" : task.args().get(0);
    }
}
