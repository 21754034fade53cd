package dev.stockpicker.startup;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a service with bounded exponential back-off, saying what it waits for: replaces the reference's fixed
 * sleeps and port-only wait-for-it checks. Gives up (rethrows the last failure) after the configured total time.
 */
public final class ServiceWait {

    private static final Logger log = LoggerFactory.getLogger(ServiceWait.class);

    private final Duration maxTotal;
    private final Duration firstDelay;
    private final Duration maxDelay;

    public ServiceWait(Duration maxTotal, Duration firstDelay, Duration maxDelay) {
        this.maxTotal = maxTotal;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
    }

    /** Standard start-up wait: {@code STARTUP_WAIT_SECONDS} (default 120 s), 250 ms doubling up to 5 s. */
    public static ServiceWait fromEnvironment() {
        String seconds = System.getenv().getOrDefault("STARTUP_WAIT_SECONDS", "120");
        return new ServiceWait(Duration.ofSeconds(Long.parseLong(seconds)), Duration.ofMillis(250),
                Duration.ofSeconds(5));
    }

    /** Runs {@code attempt} until it returns without throwing, or the time is up. */
    public <T> T until(String what, Supplier<T> attempt) {
        long deadline = System.nanoTime() + maxTotal.toNanos();
        long delay = firstDelay.toMillis();
        for (int tries = 1;; tries++) {
            try {
                T result = attempt.get();
                if (tries > 1) {
                    log.info("{} is available after {} attempts", what, tries);
                }
                return result;
            }
            catch (RuntimeException e) {
                if (System.nanoTime() + delay * 1_000_000 > deadline) {
                    log.error("gave up waiting for {} after {} attempts: {}", what, tries, rootMessage(e));
                    throw e;
                }
                log.warn("waiting for {} (attempt {}, retry in {} ms): {}", what, tries, delay, rootMessage(e));
                sleep(delay);
                delay = Math.min(delay * 2, maxDelay.toMillis());
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
