package dev.stockpicker.health;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.springframework.beans.factory.DisposableBean;

/**
 * Every check answers within the deadline, whatever hangs underneath (a half-open database socket, a broker that
 * accepts connections but never confirms): the check runs on a small pool and the request stops waiting for it.
 * The pool and its queue are bounded, so a flood of probes against a hung service cannot pile up threads.
 */
public class CheckDeadline implements DisposableBean {

    private static final int THREADS = 4;
    private static final int QUEUE = 32;

    private final Duration deadline;
    private final ThreadPoolExecutor executor;

    CheckDeadline(HealthProperties properties) {
        this.deadline = properties.deadline();
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                task -> {
                    Thread thread = new Thread(task, "health-check-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** The check's result, or an unhealthy "{@code what} (TimeoutError)" once the deadline has passed. */
    CheckResult run(String what, Supplier<CheckResult> check) {
        Future<CheckResult> future;
        try {
            future = executor.submit(check::get);
        }
        catch (RejectedExecutionException e) {
            return CheckResult.unhealthy(what, Failure.BUSY, "too many health checks in progress");
        }
        try {
            return future.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException e) {
            future.cancel(true);
            return CheckResult.unhealthy(what, Failure.TIMEOUT, "check timed out after " + deadline.toMillis() + " ms");
        }
        catch (ExecutionException e) {
            return CheckResult.failed(what, e.getCause());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return CheckResult.unhealthy(what, Failure.INTERRUPTED, "interrupted while waiting for the check");
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
