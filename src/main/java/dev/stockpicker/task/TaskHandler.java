package dev.stockpicker.task;

/** Runs one kind of task. Handlers must be idempotent: a task may be delivered more than once. */
public interface TaskHandler {

    /** The task name this handler serves (see {@link TaskNames}). */
    String name();

    /** Does the work and returns a short result for the task status. Throwing fails this attempt. */
    String handle(TaskMessage task) throws Exception;
}
