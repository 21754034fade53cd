package dev.stockpicker.task;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.stockpicker.support.TestServices;

/**
 * A connection to the real Redis (REDIS_HOST, REDIS_PORT, REDIS_DB) with a namespace of its own, so a test class cannot see or
 * clash with any other keys; {@link #close()} deletes everything under that namespace.
 */
final class TestRedis implements AutoCloseable {

    final RedisKeys keys;
    final StringRedisTemplate redis;
    private final String namespace = "test-" + UUID.randomUUID();
    private final LettuceConnectionFactory factory;

    TestRedis() {
        factory = TestServices.redis();
        redis = new StringRedisTemplate(factory);
        keys = new RedisKeys(namespace);
    }

    /** Polls until {@code condition} holds, for at most five seconds; false if it never did. */
    static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    Set<String> allKeys() {
        return redis.keys(namespace + ":*");
    }

    @Override
    public void close() {
        try {
            Set<String> left = allKeys();
            if (!left.isEmpty()) {
                redis.delete(left);
            }
        }
        finally {
            factory.destroy();
        }
    }
}
