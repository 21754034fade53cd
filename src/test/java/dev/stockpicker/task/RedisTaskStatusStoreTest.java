package dev.stockpicker.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Task statuses on the real Redis: the life of a task, what each state keeps, and the recent list. */
class RedisTaskStatusStoreTest {

    static final Instant NINE = Instant.parse("2025-11-19T09:00:00Z");

    TestRedis redis = new TestRedis();

    TaskMessage task = TaskMessage.create(TaskNames.UPDATE_TICKER, List.of("AAPL"), Instant.now());

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    RedisTaskStatusStore storeAt(Instant now) {
        return new RedisTaskStatusStore(redis.redis, redis.keys, Clock.fixed(now, ZoneOffset.UTC));
    }

    TaskStatus status(String id) {
        return storeAt(NINE).find(id).orElseThrow();
    }

    @Test
    void aQueuedTaskIsFoundWithItsNameArgsAndAttempt() {
        storeAt(NINE).queued(task);

        TaskStatus status = status(task.id());

        assertThat(status.id()).isEqualTo(task.id());
        assertThat(status.name()).isEqualTo("update_ticker");
        assertThat(status.args()).containsExactly("AAPL");
        assertThat(status.state()).isEqualTo(TaskState.QUEUED);
        assertThat(status.attempts()).isEqualTo(1);
        assertThat(status.updatedAt()).isEqualTo(NINE);
        assertThat(status.worker()).isNull();
        assertThat(status.reason()).isNull();
        assertThat(status.result()).isNull();
        assertThat(status.durationMs()).isNull();
    }

    @Test
    void aTaskThatSucceedsOnItsSecondAttemptGoesThroughEveryState() {
        storeAt(NINE).queued(task);
        storeAt(NINE.plusSeconds(1)).running(task, "worker-1");
        assertThat(status(task.id())).extracting(TaskStatus::state, TaskStatus::worker, TaskStatus::attempts)
                .containsExactly(TaskState.RUNNING, "worker-1", 1);

        storeAt(NINE.plusSeconds(2)).retrying(task, "yahoo: HTTP 503");
        assertThat(status(task.id())).extracting(TaskStatus::state, TaskStatus::reason, TaskStatus::attempts)
                .containsExactly(TaskState.RETRYING, "yahoo: HTTP 503", 1);

        TaskMessage second = task.nextAttempt(Instant.now());
        storeAt(NINE.plusSeconds(4)).running(second, "worker-2");
        assertThat(status(task.id())).extracting(TaskStatus::state, TaskStatus::worker, TaskStatus::attempts,
                TaskStatus::reason).containsExactly(TaskState.RUNNING, "worker-2", 2, null);

        storeAt(NINE.plusSeconds(5)).done(second, "AAPL: 3 quotes", 1234);
        TaskStatus done = status(task.id());
        assertThat(done.state()).isEqualTo(TaskState.DONE);
        assertThat(done.state().json()).isEqualTo("done");
        assertThat(done.result()).isEqualTo("AAPL: 3 quotes");
        assertThat(done.durationMs()).isEqualTo(1234L);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.worker()).as("who finished it").isEqualTo("worker-2");
        assertThat(done.reason()).isNull();
        assertThat(done.updatedAt()).isEqualTo(NINE.plusSeconds(5));
    }

    @Test
    void aFailedTaskKeepsItsReasonAndDuration() {
        TaskMessage last = task.nextAttempt(Instant.now()).nextAttempt(Instant.now()).nextAttempt(Instant.now());
        storeAt(NINE).running(last, "worker-1");

        storeAt(NINE.plusSeconds(3)).failed(last, "unknown ticker ZZZZ", 3000);

        TaskStatus failed = status(task.id());
        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.reason()).isEqualTo("unknown ticker ZZZZ");
        assertThat(failed.durationMs()).isEqualTo(3000L);
        assertThat(failed.attempts()).isEqualTo(4);
        assertThat(failed.result()).isNull();
    }

    @Test
    void aQueuedStatusThatArrivesAfterTheWorkerStartedIsIgnored() {
        storeAt(NINE).running(task, "worker-1");

        storeAt(NINE.plusSeconds(1)).queued(task);

        assertThat(status(task.id()).state()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void theRetryOfARetryingTaskCanBeQueuedAgain() {
        storeAt(NINE).retrying(task, "timeout");

        storeAt(NINE.plusSeconds(2)).queued(task.nextAttempt(Instant.now()));

        assertThat(status(task.id())).extracting(TaskStatus::state, TaskStatus::attempts)
                .containsExactly(TaskState.QUEUED, 2);
    }

    @Test
    void anUnknownTaskIsNotFound() {
        assertThat(storeAt(NINE).find("no-such-task")).isEmpty();
    }

    @Test
    void aStatusIsKeptForADay() {
        storeAt(NINE).queued(task);

        Long ttl = redis.redis.getExpire(redis.keys.key("task", task.id()), TimeUnit.SECONDS);

        assertThat(ttl).isBetween(Duration.ofHours(24).minusMinutes(1).toSeconds(), Duration.ofHours(24).toSeconds());
    }

    @Test
    void recentListsTheLastUpdatedTasksFirstUpToTheLimit() {
        TaskMessage a = TaskMessage.create(TaskNames.UPDATE_TICKER, List.of("A"), Instant.now());
        TaskMessage b = TaskMessage.create(TaskNames.UPDATE_TICKER, List.of("B"), Instant.now());
        TaskMessage c = TaskMessage.create(TaskNames.UPDATE_ALL_TICKERS, List.of(), Instant.now());
        storeAt(NINE).queued(a);
        storeAt(NINE.plusSeconds(1)).queued(b);
        storeAt(NINE.plusSeconds(2)).queued(c);
        storeAt(NINE.plusSeconds(3)).running(a, "worker-1");

        assertThat(storeAt(NINE).recent(10)).extracting(TaskStatus::id).containsExactly(a.id(), c.id(), b.id());
        assertThat(storeAt(NINE).recent(2)).extracting(TaskStatus::id).containsExactly(a.id(), c.id());
        assertThat(storeAt(NINE).recent(0)).isEmpty();
        assertThat(storeAt(NINE).recent(10).get(1).args()).isEmpty();
    }

    @Test
    void recentSkipsTasksWhoseStatusHasExpired() {
        TaskMessage gone = TaskMessage.create(TaskNames.UPDATE_TICKER, List.of("A"), Instant.now());
        storeAt(NINE).queued(gone);
        storeAt(NINE.plusSeconds(1)).queued(task);
        redis.redis.delete(redis.keys.key("task", gone.id()));

        assertThat(storeAt(NINE).recent(10)).extracting(TaskStatus::id).containsExactly(task.id());
    }

    @Test
    void theRecentListKeepsOnlyTheNewestEntries() {
        List<TaskMessage> tasks = IntStream.range(0, RedisTaskStatusStore.RECENT_KEPT + 5)
                .mapToObj(i -> TaskMessage.create(TaskNames.UPDATE_TICKER, List.of("T" + i), Instant.now())).toList();
        for (int i = 0; i < tasks.size(); i++) {
            storeAt(NINE.plusSeconds(i)).queued(tasks.get(i));
        }

        assertThat(redis.redis.opsForZSet().size(redis.keys.key("tasks", "recent")))
                .isEqualTo(RedisTaskStatusStore.RECENT_KEPT);
        assertThat(storeAt(NINE).recent(1000)).hasSize(RedisTaskStatusStore.RECENT_KEPT).first()
                .extracting(TaskStatus::id).isEqualTo(tasks.get(tasks.size() - 1).id());
    }
}
