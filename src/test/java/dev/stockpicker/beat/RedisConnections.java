package dev.stockpicker.beat;

import java.time.Duration;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** A Redis client of the test's own, for an address no context uses (a closed port) or after a context closed. */
final class RedisConnections implements AutoCloseable {

    private final LettuceConnectionFactory factory;

    RedisConnections(String host, int port) {
        this(host, port, 0);
    }

    RedisConnections(String host, int port, int database) {
        RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(host, port);
        configuration.setDatabase(database);
        factory = new LettuceConnectionFactory(configuration,
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
        factory.afterPropertiesSet();
        factory.start();
    }

    StringRedisTemplate template() {
        return new StringRedisTemplate(factory);
    }

    @Override
    public void close() {
        factory.destroy();
    }
}
