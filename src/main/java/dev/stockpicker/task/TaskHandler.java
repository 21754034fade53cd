package dev.stockpicker.task;

/** Runs one kind of task. Handlers must be idempotent: a task may be delivered more than once. */
public interface TaskHandler {

    /** The task name this handler serves (see {@link TaskNames}). */
    String name();

    /** Does the work and returns a short result for the task status. Throwing fails this attempt. */
    String handle(TaskMessage task) throws Exception;

    /**
     * As {@link #handle(TaskMessage)}, told whether this delivery may repeat one that did not finish: the broker
     * redelivered it (its worker died) or it is a retry. Handlers that skip work held by others override this.
     */
    default String handle(TaskMessage task, boolean repeated) throws Exception {
        return handle(task);
    }
}
