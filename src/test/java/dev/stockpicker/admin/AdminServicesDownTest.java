package dev.stockpicker.admin;

import static dev.stockpicker.admin.AdminClient.PASSWORD;
import static dev.stockpicker.admin.AdminClient.USER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import dev.stockpicker.support.DatabaseTest;
import dev.stockpicker.support.Fixtures;
import dev.stockpicker.task.TaskStatusStore;

/**
 * With RabbitMQ and Redis unreachable (nothing listens on port 1) the admin still works: the tickers from the
 * database, "unavailable" for the parts of the tasks view that need the broker or Redis, and a message instead of a
 * refresh. Never a 500.
 */
@DatabaseTest
@TestPropertySource(properties = { "stockpicker.admin.user=" + USER, "stockpicker.admin.password=" + PASSWORD,
        "spring.rabbitmq.port=1", "spring.data.redis.port=1",
        "stockpicker.tasks.queue-prefix=test-admin-down-", "stockpicker.redis-namespace=test-admin-down" })
class AdminServicesDownTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;

    AdminClient admin;

    @BeforeEach
    void setUp() {
        fixtures.clear();
        fixtures.ticker("AAPL");
        admin = AdminClient.loggedIn(port);
    }

    @Test
    void theTasksViewRendersWithEachPartUnavailable() {
        long started = System.nanoTime();
        HttpResponse<String> page = admin.get("/admin/tasks");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"work-depth\">unavailable<", "id=\"dead-depth\">unavailable<",
                "unavailable (Redis)", "unavailable (RabbitMQ)");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void theTasksJsonMarksEachPartUnavailable() {
        HttpResponse<String> response = admin.getJson("/admin/api/tasks");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"queues\":{\"available\":false", "\"workers\":{\"available\":false",
                "\"recent\":{\"available\":false", "\"deadLetters\":{\"available\":false");
    }

    @Test
    void theTickersStillListAndARefreshSaysTheQueueIsUnavailable() {
        assertThat(admin.get("/admin/").body()).contains("data-symbol=\"AAPL\"");

        HttpResponse<String> refreshed = admin.follow(admin.submit("/admin/", "/admin/tickers/AAPL/refresh", Map.of()));
        HttpResponse<String> all = admin.follow(admin.submit("/admin/", "/admin/tickers/refresh-all", Map.of()));

        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(refreshed.body()).contains("Refresh of AAPL not queued: the task queue is unavailable.");
        assertThat(all.body()).contains("Refresh of all tickers not queued: the task queue is unavailable.");
    }

    @Test
    void aRequeueSaysTheQueueIsUnavailable() {
        HttpResponse<String> one = admin.follow(admin.submit("/admin/tasks", "/admin/tasks/requeue",
                Map.of("id", "0b0e4f4e-6a43-4d39-9d1c-1a2b3c4d5e6f")));
        HttpResponse<String> all = admin.follow(admin.submit("/admin/tasks", "/admin/tasks/requeue-all", Map.of()));

        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).contains("Nothing requeued: the task queue is unavailable.");
        assertThat(all.body()).contains("Nothing requeued: the task queue is unavailable.");
    }
}
