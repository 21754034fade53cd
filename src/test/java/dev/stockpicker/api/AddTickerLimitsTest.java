package dev.stockpicker.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.rabbitmq.client.Channel;

import dev.stockpicker.support.DatabaseTest;
import dev.stockpicker.support.Fixtures;
import dev.stockpicker.support.Http;
import dev.stockpicker.support.RawHttp;
import dev.stockpicker.task.TaskProperties;
import dev.stockpicker.task.TaskTopology;
import dev.stockpicker.ticker.TickerRepository;

/**
 * What adding tickers may cost: requests per client and minute (429), the number of tickers kept (409), and the
 * bounded task queue (503 when it is full). Each refusal is the API's JSON error, and stores and queues nothing.
 */
@DatabaseTest
class AddTickerLimitsTest {

    @Autowired
    AddTickerRateLimit rateLimit;
    @Autowired
    ApiLimits limits;
    @Autowired
    TaskProperties tasks;
    @Autowired
    TaskTopology topology;
    @Autowired
    ConnectionFactory connectionFactory;
    @Autowired
    AmqpAdmin admin;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TickerRepository tickers;
    @Autowired
    JdbcTemplate jdbc;
    @LocalServerPort
    int port;
    Http http;

    @BeforeEach
    void setUp() {
        fixtures.clear();
        admin.purgeQueue(topology.workQueue());
        rateLimit.clear();
        http = new Http(port);
    }

    @AfterEach
    void tearDown() {
        rateLimit.clear(); // the other tests of this shared context add tickers from 127.0.0.1 too
        admin.purgeQueue(topology.workQueue());
    }

    @Test
    void aClientPastItsRequestsPerMinuteGets429WithRetryAfterWhateverItsForwardedForSays() {
        int perMinute = limits.addtickerPerMinute();
        for (int i = 0; i < perMinute; i++) {
            // every request counts, also one refused for its body: here the cheapest way to use up the minute
            assertThat(http.postJson("/tickers/addticker/", "{\"ticker\": \"BAD SYMBOL\"}").statusCode()).isEqualTo(400);
        }

        HttpResponse<String> refused = http.send(http.request("/tickers/addticker/")
                .header("Content-Type", "application/json").header("X-Forwarded-For", "203.0.113.7")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ticker\": \"NEW\"}")));

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(refused.body()).startsWith("{\"success\":false,\"error\":\"too many tickers added: at most "
                + perMinute + " requests a minute");
        assertThat(tickers.symbols()).isEmpty();
        assertThat(queued()).isZero();
        // another client (another loopback address) is not held back
        String json = "{\"ticker\": \"NEW\"}";
        assertThat(RawHttp.sendFrom("127.0.0.2", port, "POST /tickers/addticker/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + json.length() + "\r\n", json).status())
                .isEqualTo(202);
    }

    @Test
    void addingATickerPastTheCapIs409AndStoresAndQueuesNothing() {
        jdbc.update("INSERT INTO ticker (symbol) SELECT 'T' || g FROM generate_series(1, ?) g", limits.maxTickers());

        HttpResponse<String> refused = http.postJson("/tickers/addticker/", "{\"ticker\": \"ONEMORE\"}");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).isEqualTo("{\"success\":false,\"error\":\"ticker limit reached: at most "
                + limits.maxTickers() + " tickers are kept, delete one before adding another\"}");
        assertThat(tickers.count()).isEqualTo(limits.maxTickers());
        assertThat(tickers.find("ONEMORE")).isEmpty();
        assertThat(queued()).isZero();
        // a ticker already kept can still be refreshed
        assertThat(http.postJson("/tickers/addticker/", "{\"ticker\": \"T1\"}").statusCode()).isEqualTo(202);
    }

    @Test
    void addingATickerWhileTheTaskQueueIsFullIs503AndStoresNothing() throws Exception {
        fillWorkQueue();

        HttpResponse<String> refused = http.postJson("/tickers/addticker/", "{\"ticker\": \"NEW\"}");

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body())
                .isEqualTo("{\"success\":false,\"error\":\"task queue is full, try again later\"}");
        assertThat(tickers.find("NEW")).isEmpty();
        assertThat(queued()).isEqualTo(tasks.queueMaxLength());
    }

    /** Puts as many messages into the work queue as it may hold, each confirmed by the broker. */
    private void fillWorkQueue() throws IOException, InterruptedException, TimeoutException {
        try (var connection = connectionFactory.createConnection(); Channel channel = connection.createChannel(false)) {
            channel.confirmSelect();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < tasks.queueMaxLength(); i++) {
                channel.basicPublish("", topology.workQueue(), null, body);
            }
            channel.waitForConfirmsOrDie(10_000);
        }
        assertThat(queued()).isEqualTo(tasks.queueMaxLength());
    }

    private long queued() {
        return admin.getQueueInfo(topology.workQueue()).getMessageCount();
    }

}
