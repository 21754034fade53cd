package dev.stockpicker.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import dev.stockpicker.support.Http;

/**
 * A web process whose PostgreSQL, RabbitMQ and Redis are all unreachable (closed ports): every check still answers
 * JSON within the deadline (scaled down here), naming what failed, and the process stays live but not ready.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/stockpicker?connectTimeout=3",
        "spring.flyway.enabled=false", "spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=1",
        "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=1",
        // scaled down (production: a 3 s connect time-out under the 6.5 s deadline, within 7 s)
        "spring.datasource.hikari.connection-timeout=250", "stockpicker.health.deadline=2500ms",
        "stockpicker.health.round-trip-timeout=2s" })
@ActiveProfiles("web")
@DirtiesContext
class ServicesDownHealthTest {

    static final Duration CONTRACT = Duration.ofSeconds(3);

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;
    Http http;

    // The clock measures the server: the client and the first-request set-up are warmed outside it.
    @BeforeEach
    void warmUp() {
        http = new Http(port);
        http.get("/health/app/");
    }

    HttpResponse<String> timedGet(String path) {
        return timedGet(http, path);
    }

    HttpResponse<String> timedGet(Http http, String path) {
        long started = System.nanoTime();
        HttpResponse<String> response = http.get(path);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("%s with the services down: %d in %d ms%n", path, response.statusCode(), took.toMillis());
        assertThat(took).as(path).isLessThan(CONTRACT);
        return response;
    }

    @ParameterizedTest
    @ValueSource(strings = { "/health/database/", "/health/tickers-loaded/", "/health/quotes-updated/" })
    void databaseChecksAnswer503JsonInTime(String path) {
        HttpResponse<String> response = timedGet(path);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).startsWith("{\"status\":\"unhealthy\","
                + "\"reason\":\"database query failed (OperationalError)\",\"exception\":\"")
                .contains("127.0.0.1:1");
    }

    @Test
    void celeryAnswers503JsonNamingTheBrokerFailureInTime() {
        HttpResponse<String> response = timedGet("/health/celery/");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).startsWith("{\"status\":\"unhealthy\","
                + "\"reason\":\"celery job failed (OperationalError)\",\"exception\":\"cannot reach the broker");
    }

    // The reference's keys, our own words: no Java class names, stack traces, SQL or file paths.
    @ParameterizedTest
    @ValueSource(strings = { "/health/database/", "/health/tickers-loaded/", "/health/quotes-updated/",
            "/health/celery/" })
    void unhealthyAnswersKeepTheKeysAndLeakNoInternals(String path) {
        String body = timedGet(path).body();

        assertThat(body).matches("\\{\"status\":\"unhealthy\",\"reason\":\"[^\"]+\",\"exception\":\"[^\"]*\"}");
        assertThat(body).doesNotContainPattern("[A-Za-z]+(Exception|Error)\\b(?<!OperationalError)(?<!TimeoutError)")
                .doesNotContainPattern("\\b(java|javax|jakarta|org|com|dev)\\.[a-z]+\\.")
                .doesNotContainPattern("\\bat [a-z]+\\.").doesNotContainIgnoringCase("select ")
                .doesNotContainIgnoringCase("from ticker").doesNotContainPattern("/(usr|home|root|tmp|opt|work)/")
                .doesNotContain(".java").doesNotContain("\\n");
    }

    @Test
    void appStaysHealthy() {
        assertThat(timedGet("/health/app/").body()).isEqualTo("{\"status\":\"healthy\"}");
    }

    @Test
    void theProcessIsLiveButNotReady() {
        Http management = new Http(managementPort);
        assertThat(timedGet(management, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        HttpResponse<String> readiness = timedGet(management, "/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).contains("\"status\":\"DOWN\"");
    }
}
