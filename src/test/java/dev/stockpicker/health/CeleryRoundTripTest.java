package dev.stockpicker.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.stockpicker.support.FullStackTest;
import dev.stockpicker.support.Http;

/**
 * {@code /health/celery/} through the real pieces: the AMQP publisher, RabbitMQ and a worker (in this process, on
 * queues of its own: the full stack's context) that queries PostgreSQL and answers the timestamp back.
 */
@FullStackTest
class CeleryRoundTripTest {

    @LocalServerPort
    int port;

    @Test
    void celeryIsHealthyThroughARealWorker() {
        Http http = new Http(port);
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long started = System.nanoTime();
            HttpResponse<String> response = http.get("/health/celery/");
            millis.add((System.nanoTime() - started) / 1_000_000);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"status\":\"healthy\"}");
        }
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf("/health/celery/ through a real worker, 20 requests: first %d ms, p50 %d ms, max %d ms%n",
                millis.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
    }
}
