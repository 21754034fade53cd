package dev.stockpicker.beat;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.support.CronExpression;

import dev.stockpicker.task.TaskMessage;
import dev.stockpicker.task.TaskNames;
import dev.stockpicker.task.TaskPublisher;

/**
 * The periodic refresh. One thread computes the next cron time, waits for it (woken at once by {@link #stop()}),
 * claims the tick in Redis and publishes {@code update_all_tickers} only when it won the claim, so any number of beats
 * publish each tick once. Without Redis there is no claim, so the tick is skipped rather than risk a double publish.
 */
class Beat implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Beat.class);

    // A tick noticed later than this (the machine slept, a long GC) is skipped rather than replayed.
    private static final Duration MISFIRE_GRACE = Duration.ofMinutes(1);

    enum Outcome {
        PUBLISHED, CLAIMED_ELSEWHERE, REDIS_DOWN, PUBLISH_FAILED
    }

    private final CronExpression cron;
    private final Clock clock;
    private final TickClaims claims;
    private final TaskPublisher publisher;
    private final String id;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Thread thread;

    Beat(CronExpression cron, ZoneId zone, Clock clock, TickClaims claims, TaskPublisher publisher, String id) {
        this.cron = cron;
        this.clock = clock.withZone(zone);
        this.claims = claims;
        this.publisher = publisher;
        this.id = id;
    }

    String id() {
        return id;
    }

    @Override
    public synchronized void start() {
        if (thread != null || stopped.getCount() == 0) {
            return;
        }
        // Not a daemon: in the beat role this thread is what keeps the process alive.
        thread = new Thread(this::loop, "beat");
        thread.start();
        log.info("beat {} started: cron '{}' in {}, first tick at {}", id, cron, clock.getZone(),
                cron.next(ZonedDateTime.now(clock)));
    }

    @Override
    public void stop() {
        Thread running;
        synchronized (this) {
            running = thread;
            stopped.countDown();
        }
        if (running == null) {
            return;
        }
        try {
            // A tick in progress finishes its publish (bounded by the publisher's confirm timeout).
            running.join(TimeUnit.SECONDS.toMillis(15));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("beat {} stopped", id);
    }

    @Override
    public boolean isRunning() {
        Thread running = thread;
        return running != null && running.isAlive() && stopped.getCount() > 0;
    }

    private void loop() {
        ZonedDateTime last = ZonedDateTime.now(clock);
        while (true) {
            ZonedDateTime next = cron.next(last);
            if (next == null) {
                log.warn("cron '{}' has no further time: beat {} idle", cron, id);
                return;
            }
            if (!waitUntil(next)) {
                return;
            }
            ZonedDateTime now = ZonedDateTime.now(clock);
            if (now.isAfter(next.plus(MISFIRE_GRACE))) {
                log.warn("tick {} missed (noticed at {}): skipped, the next one follows the cron", next, now);
                last = now;
                continue;
            }
            tick(next);
            last = next;
        }
    }

    /** Waits until {@code time}; false when the beat was stopped meanwhile. */
    private boolean waitUntil(ZonedDateTime time) {
        try {
            long nanos;
            while ((nanos = Duration.between(clock.instant(), time.toInstant()).toNanos()) > 0) {
                if (stopped.await(nanos, TimeUnit.NANOSECONDS)) {
                    return false;
                }
            }
            return stopped.getCount() > 0;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One tick: claim it, and publish only when this beat holds the claim. */
    Outcome tick(ZonedDateTime time) {
        String holder;
        try {
            holder = claims.claim(time.toEpochSecond(), id);
        }
        catch (RuntimeException e) {
            log.warn("tick {} skipped: Redis unavailable for the claim ({}), not publishing without one", time,
                    e.getMessage());
            return Outcome.REDIS_DOWN;
        }
        if (!holder.equals(id)) {
            log.info("tick {} already published by {}", time, holder);
            return Outcome.CLAIMED_ELSEWHERE;
        }
        try {
            TaskMessage task = publisher.publish(TaskNames.UPDATE_ALL_TICKERS, List.of());
            log.info("tick {}: published {}", time, task.describe());
            return Outcome.PUBLISHED;
        }
        catch (RuntimeException e) {
            log.error("tick {}: claimed but publishing {} failed ({}); the next refresh is at {}", time,
                    TaskNames.UPDATE_ALL_TICKERS, e.getMessage(), cron.next(time));
            return Outcome.PUBLISH_FAILED;
        }
    }
}
