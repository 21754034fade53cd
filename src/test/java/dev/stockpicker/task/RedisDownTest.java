package dev.stockpicker.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** With Redis unreachable every call fails at once with Spring's connection failure; the caller decides what next. */
class RedisDownTest {

    // Nothing listens on port 1, so connecting is refused at once.
    final LettuceConnectionFactory factory = new LettuceConnectionFactory(
            new RedisStandaloneConfiguration("127.0.0.1", 1),
            LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
    final StringRedisTemplate redis;
    final RedisKeys keys = new RedisKeys("test-down");

    RedisDownTest() {
        factory.afterPropertiesSet();
        redis = new StringRedisTemplate(factory);
    }

    @AfterEach
    void close() {
        factory.destroy();
    }

    @Test
    void everyCallFailsFastWithAConnectionFailure() {
        var locks = new RedisTickerLocks(redis, keys, new TaskProperties(1, 1, Duration.ofSeconds(1), Duration.ofMinutes(5), "", 10_000));
        var statuses = new RedisTaskStatusStore(redis, keys, Clock.systemUTC());
        var heartbeats = new WorkerHeartbeats(redis, keys, Clock.systemUTC());
        TaskMessage task = TaskMessage.create(TaskNames.UPDATE_TICKER, List.of("AAPL"), Instant.now());
        long started = System.nanoTime();

        assertThatThrownBy(() -> locks.tryLock("AAPL")).isInstanceOf(RedisConnectionFailureException.class);
        assertThatThrownBy(() -> statuses.queued(task)).isInstanceOf(RedisConnectionFailureException.class);
        assertThatThrownBy(() -> statuses.find(task.id())).isInstanceOf(RedisConnectionFailureException.class);
        assertThatThrownBy(() -> statuses.recent(10)).isInstanceOf(RedisConnectionFailureException.class);
        assertThatThrownBy(() -> heartbeats.beat("worker-1", null))
                .isInstanceOf(RedisConnectionFailureException.class);
        assertThatThrownBy(heartbeats::alive).isInstanceOf(RedisConnectionFailureException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
}
