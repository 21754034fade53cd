package dev.stockpicker.beat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.Filter;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;

import dev.stockpicker.support.RecordingPublisher;
import dev.stockpicker.Application;
import dev.stockpicker.support.TestDatabase;
import dev.stockpicker.support.TestServices;

/**
 * The beat role as the jar starts it, in a context of the test's own (closing a test-managed context breaks the test
 * framework): its scheduler runs on the configured cron and stops when the context closes, as on SIGTERM.
 */
class BeatRoleTest {

    @Test
    void publishesOnItsCronAndStopsWhenTheContextCloses() {
        TestDatabase.ensureExists();
        String namespace = "beat-test-" + UUID.randomUUID();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class,
                RecordingPublisher.class).web(WebApplicationType.NONE).profiles("test", "beat")
                .run("--stockpicker.beat.cron=* * * * * *", "--stockpicker.redis-namespace=" + namespace,
                        "--stockpicker.test.database=" + TestServices.database()); // TestDatabase names it per test JVM
        Beat beat = context.getBean(Beat.class);
        RecordingPublisher publisher = context.getBean(RecordingPublisher.class);
        String redisHost = context.getEnvironment().getProperty("spring.data.redis.host");
        int redisPort = context.getEnvironment().getProperty("spring.data.redis.port", Integer.class);

        // The beat builds nothing of the web role: no controller, advice or servlet filter.
        assertThat(context.getBeansWithAnnotation(Controller.class)).isEmpty();
        assertThat(context.getBeansWithAnnotation(ControllerAdvice.class)).isEmpty();
        assertThat(context.getBeanNamesForType(Filter.class)).isEmpty();

        await().atMost(Duration.ofSeconds(10)).until(() -> publisher.count() >= 2);
        context.close();

        assertThat(beat.isRunning()).isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("beat") && t.isAlive());
        int published = publisher.count();
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> publisher.count() == published);
        try (RedisConnections own = new RedisConnections(redisHost, redisPort)) {
            StringRedisTemplate redis = own.template();
            Set<String> claims = redis.keys(namespace + ":beat:*");
            assertThat(claims).isNotEmpty();
            redis.delete(claims);
        }
    }
}
