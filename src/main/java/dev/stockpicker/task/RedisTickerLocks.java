package dev.stockpicker.task;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Ticker locks as Redis keys {@code lock:ticker:SYMBOL}, set with NX and an expiry so that a worker that dies holding
 * one blocks the ticker for at most {@code TICKER_LOCK_TTL}. The value is a random token of the owner.
 */
@Component
class RedisTickerLocks implements TickerLocks {

    // Compare and delete in one step: a GET then DEL could delete a lock that expired in between and was taken over.
    private static final RedisScript<Long> RELEASE = new DefaultRedisScript<>("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
                return redis.call('DEL', KEYS[1])
            end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final Duration ttl;

    RedisTickerLocks(StringRedisTemplate redis, RedisKeys keys,
            @Value("${stockpicker.tasks.lock-ttl:5m}") Duration ttl) {
        this.redis = redis;
        this.keys = keys;
        this.ttl = ttl;
    }

    @Override
    public Optional<Lock> tryLock(String symbol) {
        String key = keys.key("lock", "ticker", symbol.toUpperCase(Locale.ROOT));
        String token = UUID.randomUUID().toString();
        boolean acquired = Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(key, token, ttl));
        return acquired ? Optional.of(new OwnedLock(key, token)) : Optional.empty();
    }

    private final class OwnedLock implements Lock {

        private final String key;
        private final String token;

        OwnedLock(String key, String token) {
            this.key = key;
            this.token = token;
        }

        @Override
        public void close() {
            redis.execute(RELEASE, List.of(key), token);
        }
    }
}
