package dev.stockpicker.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.stockpicker.support.DatabaseTest;
import dev.stockpicker.support.Http;

/** The broker is up but no worker consumes: the reference's "celery job failed (TimeoutError)", within the deadline. */
@DatabaseTest
class CeleryWithoutWorkerTest {

    @LocalServerPort
    int port;
    @Value("${stockpicker.health.round-trip-timeout}")
    Duration roundTripTimeout;
    @Value("${stockpicker.health.deadline}")
    Duration deadline;

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
