package dev.stockpicker.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import dev.stockpicker.support.Http;

/**
 * A web process whose database is unreachable (a closed port): the database checks answer 503 JSON within 7 seconds,
 * the others still answer, and the process stays alive but not ready.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/stockpicker?connectTimeout=3",
        "spring.flyway.enabled=false" })
@ActiveProfiles("web")
@Import(ScriptedPublisher.class)
@DirtiesContext
class DatabaseDownHealthTest {

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = { "/health/database/", "/health/tickers-loaded/", "/health/quotes-updated/" })
    void databaseChecksAnswer503JsonWithinSevenSeconds(String path) {
        long started = System.nanoTime();
        HttpResponse<String> response = new Http(port).get(path);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        System.out.printf("%s with the database port closed: %d in %d ms%n", path, response.statusCode(),
                took.toMillis());
        assertThat(took).isLessThan(Duration.ofSeconds(7));
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).startsWith("{\"status\":\"unhealthy\","
                + "\"reason\":\"database query failed (CannotGetJdbcConnectionException)\",\"exception\":\"")
                .contains("127.0.0.1:1");
    }

    @Test
    void checksWithoutTheDatabaseStillAnswerHealthy() {
        Http http = new Http(port);

        assertThat(http.get("/health/app/").statusCode()).isEqualTo(200);
        assertThat(http.get("/health/celery/").statusCode()).isEqualTo(200);
    }

    @Test
    void theProcessIsLiveButNotReady() {
        Http http = new Http(port);

        assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        HttpResponse<String> readiness = http.get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).contains("\"status\":\"DOWN\"");
    }
}
