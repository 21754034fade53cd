package dev.stockpicker.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.stockpicker.support.DatabaseTest;
import dev.stockpicker.support.Http;
import dev.stockpicker.support.StalledClients;
import dev.stockpicker.support.StalledClients.Outcome;

/**
 * Clients that connect and then send too little, too slowly, or nothing: none of them can take the server's request
 * threads, so the health check still answers at once, and each of them gets a refusal or a timeout. The test
 * settings scale the timeouts down (application-test.properties): a 3 s read timeout, a 2 s body deadline.
 */
@DatabaseTest
class SlowClientsTest {

    static final int CLIENTS = 250;
    static final String STALLED_UPLOAD = "POST /tickers/tickerdata/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ticker\": ";

    @LocalServerPort
    int port;
    @Value("${stockpicker.http.body-readers:100}")
    int bodyReaders;
    @Value("${stockpicker.http.body-deadline:2s}")
    Duration bodyDeadline;
    @Value("${server.tomcat.connection-timeout:3s}")
    Duration readTimeout;

    @Test
    void twoHundredFiftyStalledUploadsLeaveTheHealthCheckAnsweringWithinASecond() throws Exception {
        try (StalledClients stalled = StalledClients.open(port, CLIENTS, STALLED_UPLOAD, Duration.ofSeconds(10))) {
            // Once one upload is refused the budget is full: the others hold a thread until their body times out.
            // The health check goes in once the excess has been refused (or just before the first stalls time out).
            boolean budgetFull = stalled.awaitAnswered(1, Duration.ofSeconds(5));
            stalled.awaitAnswered(CLIENTS - bodyReaders, readTimeout.minusMillis(500));
            long healthMillis = timedHealthCheck();
            List<Outcome> outcomes = stalled.outcomes();
            System.out.printf("%d stalled uploads (budget %d): /health/app/ in %d ms; %d refused 503 (median %d ms,"
                    + " slowest %d ms), %d timed out 408 (median %d ms, slowest %d ms)%n", CLIENTS, bodyReaders,
                    healthMillis, stalled.count(503), percentile(outcomes, 503, 50), percentile(outcomes, 503, 100),
                    stalled.count(408), percentile(outcomes, 408, 50), percentile(outcomes, 408, 100));

            assertThat(budgetFull).isTrue();
            assertThat(healthMillis).isLessThan(1000);
            assertThat(outcomes).allSatisfy(o -> {
                assertThat(o.status()).isIn(503, 408);
                assertThat(o.body()).contains("\"success\":false");
            });
            // Some are refused (more than the budget wait at once); how many depends on how fast the 250 connect, as
            // an early one that timed out frees its place for a later one.
            assertThat(stalled.count(503)).isPositive();
            assertThat(percentile(outcomes, 408, 100)).isLessThan(bodyDeadline.plus(readTimeout).toMillis() + 2000);
        }
    }

    @Test
    void aBodyTrickledSlowerThanItsDeadlineIsCutOffWith408() throws Exception {
        try (StalledClients trickle = StalledClients.open(port, 1, STALLED_UPLOAD, Duration.ofSeconds(10))) {
            long start = System.nanoTime();
            // One byte every 300 ms: each read is well within the read timeout, the whole body never arrives in time.
            while (!trickle.awaitAnswered(1, Duration.ofMillis(300))
                    && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(8)) {
                trickle.send(" ");
            }
            Outcome outcome = trickle.outcomes().get(0);
            System.out.printf("trickled body: %d after %d ms%n", outcome.status(), outcome.millis());
            assertThat(outcome.status()).isEqualTo(408);
            assertThat(outcome.body()).contains("\"success\":false");
            assertThat(outcome.millis()).isLessThan(bodyDeadline.toMillis() + 1500);
        }
    }

    @Test
    void slowHeadersAndIdleConnectionsHoldNoThreadAndAreClosedAfterTheReadTimeout() throws Exception {
        String slowHeaders = "GET /health/app/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
        try (StalledClients slow = StalledClients.open(port, CLIENTS, slowHeaders, Duration.ofSeconds(10));
                StalledClients idle = StalledClients.open(port, CLIENTS, "", Duration.ofSeconds(10))) {
            long healthMillis = timedHealthCheck();
            List<Outcome> slowOutcomes = slow.outcomes();
            List<Outcome> idleOutcomes = idle.outcomes();
            long slowest = List.of(slowOutcomes, idleOutcomes).stream().flatMap(List::stream)
                    .mapToLong(Outcome::millis).max().orElseThrow();
            System.out.printf("%d slow headers + %d idle: /health/app/ in %d ms; all closed within %d ms%n",
                    CLIENTS, CLIENTS, healthMillis, slowest);

            assertThat(healthMillis).isLessThan(1000);
            assertThat(slowOutcomes).allSatisfy(o -> assertThat(o.status()).isNotEqualTo(-2));
            assertThat(idleOutcomes).allSatisfy(o -> assertThat(o.status()).isNotEqualTo(-2));
            assertThat(slowest).isLessThan(readTimeout.toMillis() + 2000);
        }
    }

    private long timedHealthCheck() {
        long start = System.nanoTime();
        HttpResponse<String> health = new Http(port).get("/health/app/");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(health.statusCode()).isEqualTo(200);
        return millis;
    }

    /** The {@code p}-th percentile of the answer times of the outcomes with {@code status}, or -1 when none. */
    private static long percentile(List<Outcome> outcomes, int status, int p) {
        long[] millis = outcomes.stream().filter(o -> o.status() == status).mapToLong(Outcome::millis).sorted()
                .toArray();
        return millis.length == 0 ? -1 : millis[Math.max(0, (int) Math.ceil(p / 100.0 * millis.length) - 1)];
    }
}
