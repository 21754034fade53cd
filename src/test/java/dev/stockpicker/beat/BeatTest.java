package dev.stockpicker.beat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.support.CronExpression;

import dev.stockpicker.support.RecordingPublisher;
import dev.stockpicker.support.RoleFreeTest;
import dev.stockpicker.task.RedisKeys;
import dev.stockpicker.task.TaskMessage;
import dev.stockpicker.task.TaskPublishException;

@RoleFreeTest
class BeatTest {

    static final CronExpression EVERY_SECOND = CronExpression.parse("* * * * * *");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Autowired
    StringRedisTemplate redis;
    @Autowired
    RedisKeys keys;

    @AfterEach
    void removeTickClaims() {
        Set<String> claims = redis.keys(keys.key("beat", "*"));
        if (!claims.isEmpty()) {
            redis.delete(claims);
        }
    }

    Beat beat(String id, CronExpression cron, TickClaims claims, RecordingPublisher publisher) {
        return new Beat(cron, NEW_YORK, Clock.systemUTC(), claims, publisher, id);
    }

    /** Tick epoch second → the beat holding its claim. */
    Map<Long, String> tickHolders() {
        Map<Long, String> holders = new TreeMap<>();
        String prefix = keys.key("beat", "tick", "");
        for (String key : redis.keys(prefix + "*")) {
            holders.put(Long.parseLong(key.substring(prefix.length())), redis.opsForValue().get(key));
        }
        return holders;
    }

    @Test
    void twoBeatsPublishEveryTickExactlyOnceBetweenThem() {
        TickClaims claims = new TickClaims(redis, keys);
        RecordingPublisher toA = new RecordingPublisher();
        RecordingPublisher toB = new RecordingPublisher();
        Beat a = beat("beat-a", EVERY_SECOND, claims, toA);
        Beat b = beat("beat-b", EVERY_SECOND, claims, toB);

        a.start();
        b.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> tickHolders().size() >= 3);
        }
        finally {
            a.stop();
            b.stop();
        }

        Map<Long, String> holders = tickHolders();
        assertThat(holders.values()).allMatch(holder -> holder.equals("beat-a") || holder.equals("beat-b"));
        assertThat(toA.count()).isEqualTo(holders.values().stream().filter("beat-a"::equals).count());
        assertThat(toB.count()).isEqualTo(holders.values().stream().filter("beat-b"::equals).count());
        assertThat(toA.count() + toB.count()).isEqualTo(holders.size());
        // Either beat may win every tick, so look at what both published together.
        assertThat(java.util.stream.Stream.concat(toA.names().stream(), toB.names().stream()).toList())
                .isNotEmpty().containsOnly("update_all_tickers");
        List<Long> seconds = List.copyOf(holders.keySet());
        assertThat(seconds.get(seconds.size() - 1) - seconds.get(0) + 1).as("no tick skipped").isEqualTo(seconds.size());
    }

    @Test
    void aTickClaimedByAnotherBeatIsNotPublished() {
        TickClaims claims = new TickClaims(redis, keys);
        RecordingPublisher publisher = new RecordingPublisher();
        ZonedDateTime tick = ZonedDateTime.now(NEW_YORK).withNano(0);
        claims.claim(tick.toEpochSecond(), "beat-b");

        assertThat(beat("beat-a", EVERY_SECOND, claims, publisher).tick(tick)).isEqualTo(Beat.Outcome.CLAIMED_ELSEWHERE);
        assertThat(publisher.count()).isZero();
    }

    @Test
    void aTickIsSkippedNotPublishedWhenRedisIsDown() {
        RecordingPublisher publisher = new RecordingPublisher();
        try (RedisConnections closedPort = new RedisConnections("127.0.0.1", 1)) {
            Beat beat = beat("beat-a", EVERY_SECOND, new TickClaims(closedPort.template(), keys), publisher);

            assertThat(beat.tick(ZonedDateTime.now(NEW_YORK))).isEqualTo(Beat.Outcome.REDIS_DOWN);
        }
        assertThat(publisher.count()).isZero();
    }

    @Test
    void aTickWhosePublishFailsIsReportedAndKeepsItsClaim() {
        TickClaims claims = new TickClaims(redis, keys);
        RecordingPublisher brokerDown = new RecordingPublisher() {
            @Override
            public TaskMessage publish(String name, List<String> args) {
                throw new TaskPublishException("broker unavailable");
            }
        };
        ZonedDateTime tick = ZonedDateTime.now(NEW_YORK).withNano(0);

        assertThat(beat("beat-a", EVERY_SECOND, claims, brokerDown).tick(tick))
                .isEqualTo(Beat.Outcome.PUBLISH_FAILED);
        assertThat(claims.claim(tick.toEpochSecond(), "beat-b")).as("the other beat must not publish it too")
                .isEqualTo("beat-a");
    }

    @Test
    void stopWakesAWaitingBeatAtOnce() {
        Beat beat = beat("beat-a", CronExpression.parse("0 0 0 1 1 *"), new TickClaims(redis, keys),
                new RecordingPublisher());
        beat.start();
        assertThat(beat.isRunning()).isTrue();

        long started = System.nanoTime();
        beat.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(beat.isRunning()).isFalse();
    }
}
