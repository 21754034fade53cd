package dev.stockpicker.beat;

import java.time.Duration;

import org.springframework.data.redis.core.StringRedisTemplate;

import dev.stockpicker.task.RedisKeys;

/**
 * Which beat publishes a tick: the first to {@code SET beat:tick:<epoch second> <beat id> NX EX 3600}. Every beat
 * computes the same tick times from the same cron, so they all race for the same key and exactly one wins.
 */
class TickClaims {

    // Far longer than any skew between beats, short enough to leave no litter in Redis.
    private static final Duration TTL = Duration.ofHours(1);

    private final StringRedisTemplate redis;
    private final RedisKeys keys;

    TickClaims(StringRedisTemplate redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Claims the tick for {@code beat} and returns the tick's holder: {@code beat} itself when it won. */
    String claim(long tickEpochSecond, String beat) {
        String key = keys.key("beat", "tick", Long.toString(tickEpochSecond));
        if (Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(key, beat, TTL))) {
            return beat;
        }
        String holder = redis.opsForValue().get(key);
        return holder == null ? "another beat" : holder;
    }
}
