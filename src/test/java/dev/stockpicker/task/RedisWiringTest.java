package dev.stockpicker.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.stockpicker.support.TestServices;

/** The Redis components in a small Spring context: they wire to Boot's Redis and read their settings. */
class RedisWiringTest {

    final String namespace = "test-" + UUID.randomUUID();

    final ApplicationContextRunner context = new ApplicationContextRunner()
            // as SpringApplication does, so that @Value can read durations like "5m"
            .withInitializer(app -> app.getBeanFactory()
                    .setConversionService(ApplicationConversionService.getSharedInstance()))
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
            .withBean(Clock.class, Clock::systemUTC)
            .withUserConfiguration(TaskSettings.class, RedisKeys.class, RedisTickerLocks.class, RedisTaskStatusStore.class,
                    WorkerHeartbeats.class)
            .withPropertyValues("spring.data.redis.host=" + TestServices.redisHost(),
                    "spring.data.redis.port=" + TestServices.redisPort(),
                    "spring.data.redis.database=" + TestServices.redisDatabase(),
                    "spring.data.redis.timeout=2s", "stockpicker.redis-namespace=" + namespace,
                    "stockpicker.tasks.lock-ttl=7s", "stockpicker.tasks.worker-concurrency=1",
                    "stockpicker.tasks.max-attempts=1", "stockpicker.tasks.first-retry-delay=1s");

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(TaskProperties.class)
    static class TaskSettings {
    }

    @Test
    void theComponentsUseTheNamespaceAndLockTtlFromTheSettings() {
        context.run(app -> {
            StringRedisTemplate redis = app.getBean(StringRedisTemplate.class);
            try (TickerLocks.Lock lock = app.getBean(TickerLocks.class).tryLock("AAPL").orElseThrow()) {
                Long ttl = redis.getExpire(namespace + ":lock:ticker:AAPL", TimeUnit.MILLISECONDS);
                assertThat(ttl).isBetween(6000L, 7000L);
            }
            TaskMessage task = TaskMessage.create(TaskNames.UPDATE_TICKER, List.of("AAPL"), Instant.now());
            app.getBean(TaskStatusStore.class).queued(task);
            app.getBean(WorkerHeartbeats.class).beat("worker-1", null);
            try {
                assertThat(redis.hasKey(namespace + ":task:" + task.id())).isTrue();
                assertThat(app.getBean(WorkerHeartbeats.class).alive()).extracting(WorkerInfo::id)
                        .containsExactly("worker-1");
            }
            finally {
                redis.delete(redis.keys(namespace + ":*"));
            }
        });
    }
}
