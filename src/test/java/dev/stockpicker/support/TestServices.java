package dev.stockpicker.support;

import java.time.Duration;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Where the tests find the real servers, read from the same variables as application-test.properties, so that
 * parallel builds on one machine (TEST_POSTGRES_DB, RABBITMQ_TEST_VHOST, REDIS_DB) never share data. Tests that build
 * their own clients or start the jar use these instead of hard-coding a database, vhost or Redis database.
 */
public final class TestServices {

    private TestServices() {
    }

    public static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    public static String postgresHost() {
        return env("POSTGRES_HOST", "localhost");
    }

    public static int postgresPort() {
        return Integer.parseInt(env("POSTGRES_PORT", "5432"));
    }

    public static String postgresUser() {
        return env("POSTGRES_USER", "stockpicker");
    }

    public static String postgresPassword() {
        return env("POSTGRES_PASSWORD", "");
    }

    /**
     * The test database every context uses (created by {@link TestDatabase}). When Surefire runs test classes in
     * several JVMs at once (pom.xml: {@code stockpicker.test.fork}), each JVM gets a database of its own, since test
     * classes reset the tables they read.
     */
    public static String database() {
        String base = env("TEST_POSTGRES_DB", "stockpicker_test");
        String fork = System.getProperty("stockpicker.test.fork", "");
        return fork.isBlank() ? base : base + "_" + fork;
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + postgresHost() + ":" + postgresPort() + "/" + database;
    }

    public static String rabbitHost() {
        return env("RABBITMQ_HOST", "localhost");
    }

    public static int rabbitPort() {
        return Integer.parseInt(env("RABBITMQ_PORT", "5672"));
    }

    public static String rabbitUser() {
        return env("RABBITMQ_DEFAULT_USER", "guest");
    }

    public static String rabbitPassword() {
        return env("RABBITMQ_DEFAULT_PASS", "guest");
    }

    public static String vhost() {
        return env("RABBITMQ_TEST_VHOST", "/");
    }

    public static String redisHost() {
        return env("REDIS_HOST", "localhost");
    }

    public static int redisPort() {
        return Integer.parseInt(env("REDIS_PORT", "6379"));
    }

    public static int redisDatabase() {
        return Integer.parseInt(env("REDIS_DB", "0"));
    }

    /** A started Redis client on the test's Redis database; the caller destroys it. */
    public static LettuceConnectionFactory redis(String host, int port) {
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(host, port);
        server.setDatabase(redisDatabase());
        LettuceConnectionFactory factory = new LettuceConnectionFactory(server,
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    public static LettuceConnectionFactory redis() {
        return redis(redisHost(), redisPort());
    }
}
