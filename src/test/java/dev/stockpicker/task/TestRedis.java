package dev.stockpicker.task;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A connection to the real Redis (REDIS_HOST, REDIS_PORT) with a namespace of its own, so a test class cannot see or
 * clash with any other keys; {@link #close()} deletes everything under that namespace.
 */
final class TestRedis implements AutoCloseable {

    final RedisKeys keys;
    final StringRedisTemplate redis;
    private final String namespace = "test-" + UUID.randomUUID();
    private final LettuceConnectionFactory factory;

    TestRedis() {
        var server = new RedisStandaloneConfiguration(System.getenv().getOrDefault("REDIS_HOST", "127.0.0.1"),
                Integer.parseInt(System.getenv().getOrDefault("REDIS_PORT", "6379")));
        factory = new LettuceConnectionFactory(server, LettuceClientConfiguration.builder()
                .commandTimeout(Duration.ofSeconds(2)).build());
        factory.afterPropertiesSet();
        factory.start();
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
