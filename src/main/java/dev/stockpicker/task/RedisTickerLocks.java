package dev.stockpicker.task;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Ticker locks as Redis keys {@code lock:ticker:SYMBOL}, set with NX and an expiry so that a worker that dies holding
 * one blocks the ticker for at most {@code TICKER_LOCK_TTL}. The value is a random token of the owner. While the owner
 * works, a watchdog extends the expiry every third of it, so the expiry can be short (a killed worker's task is
 * redelivered within seconds) without a long update losing its lock.
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

    private static final RedisScript<Long> EXTEND = new DefaultRedisScript<>("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
                return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0
            """, Long.class);

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "ticker-lock-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final Duration ttl;

    RedisTickerLocks(StringRedisTemplate redis, RedisKeys keys, TaskProperties properties) {
        this.redis = redis;
        this.keys = keys;
        this.ttl = properties.lockTtl();
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
        private final ScheduledFuture<?> renewal;

        OwnedLock(String key, String token) {
            this.key = key;
            this.token = token;
            long every = Math.max(ttl.toMillis() / 3, 1);
            this.renewal = WATCHDOG.scheduleWithFixedDelay(this::extend, every, every, TimeUnit.MILLISECONDS);
        }

        private void extend() {
            try {
                Long extended = redis.execute(EXTEND, List.of(key), token, Long.toString(ttl.toMillis()));
                if (extended != null && extended == 0) {
                    renewal.cancel(false); // no longer ours (expired and taken, or released): stop
                }
            }
            catch (RuntimeException e) {
                // Redis briefly unreachable: the next renewal tries again; the expiry is the safety net.
            }
        }

        @Override
        public void close() {
            renewal.cancel(false);
            redis.execute(RELEASE, List.of(key), token);
        }
    }
}
