package dev.stockpicker.task;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** {@code noop()}: does nothing. Measures the task machinery itself (bench/tasks.sh) and smoke-tests a worker. */
@Component
@Profile("worker")
class NoopHandler implements TaskHandler {

    @Override
    public String name() {
        return TaskNames.NOOP;
    }

    @Override
    public String handle(TaskMessage task) {
        return "ok";
    }
}
