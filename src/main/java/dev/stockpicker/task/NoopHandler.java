package dev.stockpicker.task;


/** {@code noop()}: does nothing. Measures the task machinery itself (bench/tasks.sh) and smoke-tests a worker. */
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
