package dev.stockpicker.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ticker locks on the real Redis: one holder per symbol, released only by its owner, never held forever. */
class RedisTickerLocksTest {

    TestRedis redis = new TestRedis();

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    RedisTickerLocks locksWithTtl(Duration ttl) {
        return new RedisTickerLocks(redis.redis, redis.keys, new TaskProperties(1, 1, Duration.ofSeconds(1), ttl, "", 10_000));
    }

    /** What a worker that died holding the lock leaves behind: its token, expiring, extended by no one. */
    void leftByADeadOwner(String symbol, Duration ttl) {
        redis.redis.opsForValue().set(redis.keys.key("lock", "ticker", symbol), "dead-owner", ttl);
    }

    String holder(String symbol) {
        return redis.redis.opsForValue().get(redis.keys.key("lock", "ticker", symbol));
    }

    @Test
    void aHeldLockKeepsOtherWorkersOutOfThatSymbolOnly() {
        RedisTickerLocks locks = locksWithTtl(Duration.ofMinutes(5));

        Optional<TickerLocks.Lock> first = locks.tryLock("AAPL");

        assertThat(first).isPresent();
        assertThat(locks.tryLock("AAPL")).isEmpty();
        assertThat(locks.tryLock("aapl")).as("same symbol in lower case").isEmpty();
        assertThat(locks.tryLock("MSFT")).isPresent();
    }

    @Test
    void aClosedLockIsFreeAgain() {
        RedisTickerLocks locks = locksWithTtl(Duration.ofMinutes(5));
        try (TickerLocks.Lock lock = locks.tryLock("AAPL").orElseThrow()) {
            assertThat(holder("AAPL")).isNotNull();
        }

        assertThat(holder("AAPL")).isNull();
        assertThat(locks.tryLock("AAPL")).isPresent();
    }

    @Test
    void theLockKeyExpiresAfterTheConfiguredTtl() {
        locksWithTtl(Duration.ofMinutes(5)).tryLock("AAPL").orElseThrow();

        Long ttlMillis = redis.redis.getExpire(redis.keys.key("lock", "ticker", "AAPL"),
                TimeUnit.MILLISECONDS);

        assertThat(ttlMillis).isBetween(Duration.ofMinutes(5).minusSeconds(5).toMillis(),
                Duration.ofMinutes(5).toMillis());
    }

    @Test
    void aLockHeldByAWorkingOwnerOutlivesItsExpiry() throws InterruptedException {
        RedisTickerLocks locks = locksWithTtl(Duration.ofMillis(300));
        TickerLocks.Lock held = locks.tryLock("AAPL").orElseThrow();

        Thread.sleep(1_000); // three times the expiry: only the watchdog keeps it

        assertThat(locks.tryLock("AAPL")).isEmpty();
        held.close();
        assertThat(locks.tryLock("AAPL")).isPresent();
    }

    @Test
    void aLockOfADeadOwnerFreesItselfWhenItExpires() throws InterruptedException {
        RedisTickerLocks locks = locksWithTtl(Duration.ofMinutes(5));
        leftByADeadOwner("AAPL", Duration.ofMillis(200));
        assertThat(locks.tryLock("AAPL")).isEmpty();

        assertThat(TestRedis.eventually(() -> locks.tryLock("AAPL").isPresent())).isTrue();
    }

    @Test
    void anExpiredLockTakenOverByAnotherWorkerIsNotReleasedByItsFormerOwner() throws InterruptedException {
        RedisTickerLocks slowWorker = locksWithTtl(Duration.ofMinutes(5));
        RedisTickerLocks nextWorker = locksWithTtl(Duration.ofMinutes(5));
        TickerLocks.Lock expired = slowWorker.tryLock("AAPL").orElseThrow();
        redis.redis.delete(redis.keys.key("lock", "ticker", "AAPL")); // as if it expired while its owner was stuck
        TickerLocks.Lock current = nextWorker.tryLock("AAPL").orElseThrow();
        String currentToken = holder("AAPL");

        expired.close();

        assertThat(holder("AAPL")).isEqualTo(currentToken);
        assertThat(nextWorker.tryLock("AAPL")).isEmpty();
        current.close();
        assertThat(holder("AAPL")).isNull();
    }

    @Test
    void closingALockTwiceDoesNoHarm() {
        RedisTickerLocks locks = locksWithTtl(Duration.ofMinutes(5));
        TickerLocks.Lock lock = locks.tryLock("AAPL").orElseThrow();
        lock.close();
        TickerLocks.Lock next = locks.tryLock("AAPL").orElseThrow();

        lock.close();

        assertThat(locks.tryLock("AAPL")).isEmpty();
        next.close();
    }
}
