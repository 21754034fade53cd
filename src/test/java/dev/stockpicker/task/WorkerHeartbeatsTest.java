package dev.stockpicker.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Worker heartbeats on the real Redis: who is alive, what it is doing, and who has gone quiet. */
class WorkerHeartbeatsTest {

    TestRedis redis = new TestRedis();

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    WorkerHeartbeats heartbeats(Duration expiry) {
        return new WorkerHeartbeats(redis.redis, redis.keys, Clock.systemUTC(), expiry);
    }

    @Test
    void aBeatingWorkerIsAliveWithItsCurrentTask() {
        WorkerHeartbeats heartbeats = heartbeats(WorkerHeartbeats.EXPIRY);
        Instant before = Instant.now().minusMillis(1);

        heartbeats.beat("worker-1", "update_ticker[AAPL] #1234abcd attempt 1");
        heartbeats.beat("worker-2", null);

        assertThat(heartbeats.alive()).extracting(WorkerInfo::id, WorkerInfo::currentTask)
                .containsExactlyInAnyOrder(tuple("worker-1",
                        "update_ticker[AAPL] #1234abcd attempt 1"), tuple("worker-2",
                                null));
        assertThat(heartbeats.alive()).allSatisfy(w -> assertThat(w.lastSeen()).isAfter(before));
    }

    @Test
    void theLatestBeatTellsWhatAWorkerIsDoing() {
        WorkerHeartbeats heartbeats = heartbeats(WorkerHeartbeats.EXPIRY);
        heartbeats.beat("worker-1", "update_ticker[AAPL]");

        heartbeats.beat("worker-1", null);

        assertThat(heartbeats.alive()).singleElement().extracting(WorkerInfo::currentTask).isNull();
    }

    @Test
    void theBeatRecordsHostAndPidAndExpiresAfterAMinute() {
        heartbeats(WorkerHeartbeats.EXPIRY).beat("worker-1", null);
        String key = redis.keys.key("worker", "worker-1");

        JsonNode beat = JsonMapper.builder().build().readTree(redis.redis.opsForValue().get(key));

        assertThat(beat.get("id").asString()).isEqualTo("worker-1");
        assertThat(beat.get("host").asString()).isNotBlank();
        assertThat(beat.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(redis.redis.getExpire(key)).isBetween(55L, 60L);
    }

    @Test
    void aWorkerThatStopsBeatingIsNoLongerAlive() throws InterruptedException {
        WorkerHeartbeats heartbeats = heartbeats(Duration.ofMillis(300));
        heartbeats.beat("quiet", null);
        heartbeats.beat("busy", null);

        boolean onlyBusyLeft = TestRedis.eventually(() -> {
            heartbeats.beat("busy", null);
            return heartbeats.alive().stream().map(WorkerInfo::id).toList().equals(List.of("busy"));
        });

        assertThat(onlyBusyLeft).isTrue();
        assertThat(TestRedis.eventually(() -> !redis.redis.hasKey(redis.keys.key("worker", "quiet")))).isTrue();
    }

    @Test
    void noWorkersMeansNoneAlive() {
        assertThat(heartbeats(WorkerHeartbeats.EXPIRY).alive()).isEmpty();
    }
}
