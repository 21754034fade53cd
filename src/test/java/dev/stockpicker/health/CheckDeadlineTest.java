package dev.stockpicker.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CheckDeadlineTest {

    final CountDownLatch release = new CountDownLatch(1);
    final List<CheckDeadline> deadlines = new ArrayList<>();

    @AfterEach
    void releaseHungChecks() {
        release.countDown();
        deadlines.forEach(CheckDeadline::destroy);
    }

    CheckDeadline deadline(Duration after) {
        CheckDeadline deadline = new CheckDeadline(new HealthProperties(after, after));
        deadlines.add(deadline);
        return deadline;
    }

    /** A check stuck where interrupts do not reach, like a read on a half-open socket. */
    CheckResult hangUninterruptibly() {
        boolean released = false;
        while (!released) {
            try {
                released = release.await(1, TimeUnit.MINUTES);
            }
            catch (InterruptedException ignored) {
                // keep hanging
            }
        }
        return CheckResult.healthy();
    }

    @Test
    void aCheckThatOutlivesTheDeadlineIsAnsweredAsATimeoutAndInterrupted() {
        CountDownLatch interrupted = new CountDownLatch(1);
        long started = System.nanoTime();

        CheckResult result = deadline(Duration.ofMillis(200)).run("database query failed", () -> {
            try {
                Thread.sleep(10_000);
            }
            catch (InterruptedException e) {
                interrupted.countDown();
            }
            return CheckResult.healthy();
        });

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(result.passed()).isFalse();
        assertThat(result.body()).containsEntry("reason", "database query failed (TimeoutError)")
                .containsEntry("exception", "check timed out after 200 ms");
        assertThat(awaitQuietly(interrupted)).as("the hung check was interrupted").isTrue();
    }

    @Test
    void aCheckThatThrowsSomethingUnforeseenReadsError() {
        CheckResult result = deadline(Duration.ofSeconds(1)).run("celery job failed", () -> {
            throw new IllegalStateException("no worker\n\tat somewhere");
        });

        assertThat(result.body()).containsExactly(java.util.Map.entry("status", "unhealthy"),
                java.util.Map.entry("reason", "celery job failed (Error)"),
                java.util.Map.entry("exception", "no worker"));
    }

    @Test
    void checksPilingUpOnAHungServiceAreRefusedNotQueuedWithoutEnd() {
        CheckDeadline deadline = deadline(Duration.ofMillis(5));
        CheckResult last = null;
        for (int i = 0; i < 40 && (last == null || !last.body().get("reason").toString().contains("Busy")); i++) {
            last = deadline.run("database query failed", this::hangUninterruptibly);
        }

        assertThat(last.body()).containsEntry("reason", "database query failed (Busy)")
                .containsEntry("exception", "too many health checks in progress");
    }

    static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(2, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
