package dev.stockpicker.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.stockpicker.StockpickerProperties;
import dev.stockpicker.support.DatabaseTest;
import dev.stockpicker.support.Fixtures;
import dev.stockpicker.support.Http;
import dev.stockpicker.task.TaskPublishException;
import dev.stockpicker.ticker.TickerRepository;

/** The reference's five health checks over HTTP, healthy and each way unhealthy: always JSON, 200 or 503. */
@DatabaseTest
@Import(ScriptedPublisher.class)
class HealthCheckTest {

    @Autowired
    Fixtures fixtures;
    @Autowired
    ScriptedPublisher publisher;
    @Autowired
    StockpickerProperties properties;
    @Autowired
    TickerRepository tickers;
    @Autowired
    JdbcTemplate jdbc;
    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;
    Http http;

    final LocalDate today = LocalDate.now();

    @BeforeEach
    void setUp() {
        fixtures.clear();
        publisher.echo();
        http = new Http(port);
    }

    /** What a stack has after start-up and its first refresh: the index and defaults, one quote each. */
    void preparedStack() {
        properties.tickersToLoad().forEach(symbol -> fixtures.quoteWithRatio(symbol, today, 1.0));
    }

    void assertAnswer(String path, int status, String json) {
        HttpResponse<String> response = http.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo(json);
    }

    @Test
    void appIsHealthy() {
        assertAnswer("/health/app/", 200, "{\"status\":\"healthy\"}");
    }

    @Test
    void databaseIsHealthyWithTheTickerCount() {
        preparedStack();
        fixtures.ticker("TEST");

        assertAnswer("/health/database/", 200, "{\"status\":\"healthy\",\"ticker_count\":9}");
    }

    @Test
    void celeryIsHealthyWhenAWorkerAnswersTheTimestampItWasSent() {
        assertAnswer("/health/celery/", 200, "{\"status\":\"healthy\"}");
    }

    @Test
    void tickersLoadedIsHealthyWithTheTickerCount() {
        preparedStack();
        fixtures.ticker("TEST");

        assertAnswer("/health/tickers-loaded/", 200, "{\"status\":\"healthy\",\"ticker_count\":9}");
    }

    @Test
    void quotesUpdatedIsHealthyWithTheCountOfAllQuotes() {
        preparedStack();
        fixtures.quoteWithRatio("TEST", today, 1.0);
        fixtures.quoteWithRatio("TEST", today.minusDays(1), 1.0);

        assertAnswer("/health/quotes-updated/", 200, "{\"status\":\"healthy\",\"quote_count\":10}");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/health/app", "/health/database", "/health/celery", "/health/tickers-loaded",
            "/health/quotes-updated" })
    void everyCheckAnswersWithoutTheTrailingSlashTooWithoutARedirect(String path) {
        preparedStack();

        HttpResponse<String> response = http.get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"status\":\"healthy\"");
    }

    @Test
    void tickersLoadedIsUnhealthyWhenADefaultTickerIsMissing() {
        preparedStack();
        tickers.delete("TSLA");

        assertAnswer("/health/tickers-loaded/", 503, "{\"status\":\"unhealthy\","
                + "\"reason\":\"tickers not loaded (AssertionError)\",\"exception\":\"missing tickers: TSLA\"}");
    }

    @Test
    void tickersLoadedIsUnhealthyOnAnEmptyDatabase() {
        assertAnswer("/health/tickers-loaded/", 503, "{\"status\":\"unhealthy\","
                + "\"reason\":\"tickers not loaded (AssertionError)\",\"exception\":\"missing tickers: "
                + String.join(", ", properties.tickersToLoad()) + "\"}");
    }

    @Test
    void quotesUpdatedIsUnhealthyWhenATickerHasNoQuotes() {
        preparedStack();
        jdbc.update("DELETE FROM quote WHERE ticker_id = ?", tickers.find("AMZN").orElseThrow().id());

        assertAnswer("/health/quotes-updated/", 503, "{\"status\":\"unhealthy\","
                + "\"reason\":\"quotes not updated (AssertionError)\",\"exception\":\"no quotes for: AMZN\"}");
    }

    @Test
    void quotesUpdatedSaysTickersNotLoadedWhenATickerIsMissing() {
        preparedStack();
        tickers.delete("SPY");

        assertAnswer("/health/quotes-updated/", 503, "{\"status\":\"unhealthy\","
                + "\"reason\":\"tickers not loaded (DoesNotExist)\",\"exception\":\"missing tickers: SPY\"}");
    }

    @Test
    void celeryIsUnhealthyWhenTheWorkerAnswersSomethingElse() {
        publisher.worker(timestamp -> "yesterday");

        HttpResponse<String> response = http.get("/health/celery/");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).startsWith("{\"status\":\"unhealthy\","
                + "\"reason\":\"celery job failed (AssertionError)\",\"exception\":\"sent ")
                .endsWith(", the worker answered yesterday\"}");
    }

    @Test
    void celeryIsUnhealthyWhenNoWorkerAnswersInTime() {
        publisher.worker(timestamp -> {
            throw new TaskPublishException("no answer to worker_health_check within 6 s", new TimeoutException());
        });

        assertAnswer("/health/celery/", 503, "{\"status\":\"unhealthy\",\"reason\":\"celery job failed (TimeoutError)\","
                + "\"exception\":\"no answer to worker_health_check within 6 s\"}");
    }

    @Test
    void celeryIsUnhealthyWhenTheBrokerIsDown() {
        publisher.worker(timestamp -> {
            throw new TaskPublishException("broker unavailable",
                    new AmqpConnectException(new ConnectException("Connection refused")));
        });

        assertAnswer("/health/celery/", 503, "{\"status\":\"unhealthy\","
                + "\"reason\":\"celery job failed (OperationalError)\",\"exception\":\"broker unavailable\"}");
    }

    @Test
    void celeryAnswersWithinTheDeadlineWhenTheRoundTripHangs() {
        publisher.worker(timestamp -> {
            try {
                Thread.sleep(Duration.ofSeconds(60).toMillis());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return timestamp;
        });

        http.get("/health/app/");
        long started = System.nanoTime();
        HttpResponse<String> response = http.get("/health/celery/");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isLessThan(Duration.ofSeconds(7)); // the test profile's deadline is 3.5 s
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("{\"status\":\"unhealthy\","
                + "\"reason\":\"celery job failed (TimeoutError)\",\"exception\":\"check timed out after 3500 ms\"}");
    }

    @Test
    void actuatorProbesAndPrometheusAnswerOnTheManagementPort() {
        Http management = new Http(managementPort);
        assertThat(management.get("/actuator/health/liveness").body()).contains("\"status\":\"UP\"");
        HttpResponse<String> readiness = management.get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"");
        HttpResponse<String> prometheus = management.get("/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
    }

    // Metrics name disk paths, the JVM and session counts: not for the public port.
    @ParameterizedTest
    @ValueSource(strings = { "/actuator/prometheus", "/actuator", "/actuator/", "/actuator/health",
            "/actuator/health/liveness", "/actuator/health/readiness", "/actuator/info", "/actuator/metrics",
            "/actuator/env", "/actuator/heapdump" })
    void noActuatorEndpointIsOnThePublicPort(String path) {
        HttpResponse<String> response = http.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(404);
        assertThat(response.body()).as(path).startsWith("{\"success\":false,\"error\":\"no such resource");
    }

    @Test
    void theManagementPortServesNeitherTheApiNorTheOtherEndpoints() {
        assertThat(managementPort).isNotEqualTo(port);
        Http management = new Http(managementPort);
        for (String path : new String[] { "/tickers/tickerlist/", "/health/app/", "/actuator/env",
                "/actuator/heapdump" }) {
            var answer = management.get(path);
            assertThat(answer.statusCode()).as(path + " " + answer.headers().map() + answer.body()).isEqualTo(404);
        }
    }
}
