package dev.stockpicker.beat;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.stockpicker.support.TestServices;

/** A Redis client of the test's own, for an address no context uses (a closed port) or after a context closed. */
final class RedisConnections implements AutoCloseable {

    private final LettuceConnectionFactory factory;

    RedisConnections(String host, int port) {
        factory = TestServices.redis(host, port);
    }

    StringRedisTemplate template() {
        return new StringRedisTemplate(factory);
    }

    @Override
    public void close() {
        factory.destroy();
    }
}
