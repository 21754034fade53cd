package dev.stockpicker.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import dev.stockpicker.support.Http;
import dev.stockpicker.support.TestDatabase;
import dev.stockpicker.task.TaskProperties;
import dev.stockpicker.task.TaskTopology;

/** The broker is up but no worker consumes: the reference's "celery job failed (TimeoutError)", within the deadline. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stockpicker.tasks.queue-prefix=" + CeleryWithoutWorkerTest.PREFIX,
        "stockpicker.redis-namespace=" + CeleryWithoutWorkerTest.PREFIX })
@ActiveProfiles({ "test", "web" })
@ContextConfiguration(initializers = TestDatabase.class)
@DirtiesContext
class CeleryWithoutWorkerTest {

    static final String PREFIX = "test-health-idle-";

    @LocalServerPort
    int port;
    @Value("${stockpicker.health.round-trip-timeout}")
    Duration roundTripTimeout;
    @Value("${stockpicker.health.deadline}")
    Duration deadline;
    @Autowired
    AmqpAdmin admin;
    @Autowired
    TaskTopology topology;
    @Autowired
    TaskProperties properties;
    @Autowired
    StringRedisTemplate redis;

    @AfterEach
    void deleteQueues() {
        TestQueues.delete(admin, topology, properties);
        TestQueues.deleteKeys(redis, PREFIX);
    }

    @Test
    void celeryTimesOutIn503JsonWithinTheDeadline() {
        Http http = new Http(port);
        http.get("/health/app/");
        long started = System.nanoTime();
        HttpResponse<String> response = http.get("/health/celery/");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        System.out.printf("/health/celery/ with no worker: %d in %d ms%n", response.statusCode(), took.toMillis());
        // Scaled down (3 s and 3.5 s in tests; 6 s and 6.5 s, within 7 s, in production).
        assertThat(took).isBetween(roundTripTimeout.minusMillis(500), deadline.plusMillis(500));
        assertThat(response.statusCode()).isEqualTo(503);
        // Whichever gives up first, the publisher's 6 s wait or the check's deadline, the reason is the reference's.
        assertThat(response.body()).startsWith("{\"status\":\"unhealthy\","
                + "\"reason\":\"celery job failed (TimeoutError)\",\"exception\":\"");
    }
}
