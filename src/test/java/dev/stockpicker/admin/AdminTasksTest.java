package dev.stockpicker.admin;

import static dev.stockpicker.admin.AdminClient.PASSWORD;
import static dev.stockpicker.admin.AdminClient.USER;
import static dev.stockpicker.admin.AdminClient.location;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.stockpicker.support.DatabaseTest;
import dev.stockpicker.task.TaskMessage;
import dev.stockpicker.task.TaskNames;
import dev.stockpicker.task.TaskPublisher;
import dev.stockpicker.task.TaskStatusStore;
import dev.stockpicker.task.TaskTopology;
import dev.stockpicker.task.WorkerHeartbeats;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tasks view on the real RabbitMQ and Redis: queue depths, live workers, recent tasks with their status,
 * attempts, duration and failure reason, and dead letters that can be requeued one at a time or all at once.
 */
@DatabaseTest
class AdminTasksTest {

    @LocalServerPort
    int port;
    @Value("${stockpicker.redis-namespace}")
    String namespace;
    @Autowired
    AmqpAdmin amqp;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    TaskTopology topology;
    @Autowired
    TaskPublisher publisher;
    @Autowired
    TaskStatusStore statuses;
    @Autowired
    WorkerHeartbeats heartbeats;
    @Autowired
    StringRedisTemplate redis;

    final JsonMapper json = JsonMapper.builder().build();
    AdminClient admin;

    @BeforeEach
    void setUp() {
        TaskIsolation.reset(amqp, topology, redis, namespace);
        admin = AdminClient.loggedIn(port);
    }

    @Test
    void theJsonShowsQueueDepthWorkersRecentTasksAndDeadLetters() {
        heartbeats.beat("worker-a", "update_ticker[AAPL] #12345678 attempt 1");
        heartbeats.beat("worker-b", null);
        TaskMessage waiting = publisher.publish(TaskNames.UPDATE_TICKER, List.of("MSFT"));
        TaskMessage failed = TaskMessage.create(TaskNames.UPDATE_TICKER, List.of("NOPE"), Instant.now());
        statuses.failed(failed, "unknown symbol NOPE", 1234);
        String dead = deadLetter(TaskNames.UPDATE_TICKER, "NOPE", "unknown symbol NOPE");

        JsonNode tasks = json.readTree(admin.getJson("/admin/api/tasks").body());

        assertThat(tasks.at("/queues/available").asBoolean()).isTrue();
        assertThat(tasks.at("/queues/work").asLong()).isEqualTo(1);
        assertThat(tasks.at("/queues/dead").asLong()).isEqualTo(1);
        assertThat(tasks.at("/workers/items")).extracting(w -> w.get("id").asString() + ": " + doing(w))
                .containsExactlyInAnyOrder("worker-a: update_ticker[AAPL] #12345678 attempt 1", "worker-b: idle");
        JsonNode queued = task(tasks, waiting.id());
        assertThat(queued.get("state").asString()).isEqualTo("queued");
        assertThat(queued.get("args").asString()).isEqualTo("MSFT");
        JsonNode failure = task(tasks, failed.id());
        assertThat(failure.get("state").asString()).isEqualTo("failed");
        assertThat(failure.get("attempts").asInt()).isEqualTo(1);
        assertThat(failure.get("duration").asString()).isEqualTo("1.2 s");
        assertThat(failure.get("reason").asString()).isEqualTo("unknown symbol NOPE");
        assertThat(tasks.at("/deadLetters/items")).singleElement().satisfies(letter -> {
            assertThat(letter.get("id").asString()).isEqualTo(dead);
            assertThat(letter.get("name").asString()).isEqualTo("update_ticker");
            assertThat(letter.get("reason").asString()).isEqualTo("unknown symbol NOPE");
            assertThat(letter.get("failedBy").asString()).isEqualTo("worker-a");
            assertThat(letter.get("requeueable").asBoolean()).isTrue();
        });
    }

    @Test
    void thePageShowsTheSameAndPollsForMore() {
        heartbeats.beat("worker-a", "update_ticker[AAPL] #12345678 attempt 1");
        TaskMessage failed = TaskMessage.create(TaskNames.UPDATE_TICKER, List.of("NOPE"), Instant.now());
        statuses.failed(failed, "unknown symbol NOPE", 250);
        deadLetter(TaskNames.UPDATE_TICKER, "NOPE", "unknown symbol NOPE");

        HttpResponse<String> response = admin.get("/admin/tasks");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("id=\"work-depth\">0<", "id=\"dead-depth\">1<",
                "worker-a", "update_ticker[AAPL] #12345678 attempt 1", "unknown symbol NOPE", "250 ms",
                "state-failed", failed.id(), "Requeue all", "<script src=\"/admin/assets/tasks.js\" defer>");
        assertThat(admin.get("/admin/assets/tasks.js").body()).contains("/admin/api/tasks");
    }

    @Test
    void requeueingADeadLetterPutsItOnTheWorkQueueAsANewTask() {
        String dead = deadLetter(TaskNames.UPDATE_TICKER, "AAPL", "the source is down");
        deadLetter(TaskNames.UPDATE_TICKER, "MSFT", "the source is down");

        HttpResponse<String> response = admin.submit("/admin/tasks", "/admin/tasks/requeue", Map.of("id", dead));

        assertThat(location(response)).endsWith("/admin/tasks");
        assertThat(admin.follow(response).body()).contains("Dead letter " + dead + " requeued as a new task.");
        assertThat(amqp.getQueueInfo(topology.deadLetterQueue()).getMessageCount()).isEqualTo(1);
        Message requeued = rabbit.receive(topology.workQueue(), 5_000);
        assertThat(requeued).isNotNull();
        assertThat(new String(requeued.getBody(), StandardCharsets.UTF_8)).contains("\"args\":[\"AAPL\"]",
                "\"attempt\":1");
        assertThat(requeued.getMessageProperties().getMessageId()).isNotEqualTo(dead);
        assertThat(statuses.find(requeued.getMessageProperties().getMessageId())).isPresent();
    }

    @Test
    void requeueingAllMovesEveryTaskAndLeavesWhatIsNotATask() {
        deadLetter(TaskNames.UPDATE_TICKER, "AAPL", "the source is down");
        deadLetter(TaskNames.UPDATE_ALL_TICKERS, null, "the source is down");
        rabbit.send(topology.deadLetterQueue(), MessageBuilder.withBody("not a task".getBytes(StandardCharsets.UTF_8))
                .setHeader("x-failure-reason", "not JSON").build());

        HttpResponse<String> response = admin.submit("/admin/tasks", "/admin/tasks/requeue-all", Map.of());

        assertThat(admin.follow(response).body()).contains("2 dead letters requeued as new tasks.");
        assertThat(amqp.getQueueInfo(topology.workQueue()).getMessageCount()).isEqualTo(2);
        JsonNode tasks = json.readTree(admin.getJson("/admin/api/tasks").body());
        assertThat(tasks.at("/deadLetters/items")).singleElement().satisfies(letter -> {
            assertThat(letter.get("name").asString()).isEqualTo("(not a task)");
            assertThat(letter.get("args").asString()).isEqualTo("not a task");
            assertThat(letter.get("requeueable").asBoolean()).isFalse();
        });
    }

    @Test
    void requeueingADeadLetterThatIsGoneSaysSo() {
        HttpResponse<String> response = admin.submit("/admin/tasks", "/admin/tasks/requeue",
                Map.of("id", UUID.randomUUID().toString()));

        assertThat(admin.follow(response).body()).contains("to requeue (already requeued?)");
        assertThat(amqp.getQueueInfo(topology.workQueue()).getMessageCount()).isZero();
    }

    @Test
    void withNothingGoingOnEachPartSaysSo() {
        String page = admin.get("/admin/tasks").body();

        assertThat(page).contains("No worker has beaten in the last minute.", "No dead letters.",
                "No tasks in the last day.");
    }

    private String deadLetter(String name, String symbol, String reason) {
        return DeadLetterFixtures.deadLetter(rabbit, topology, name, symbol, reason);
    }

    private static String doing(JsonNode worker) {
        JsonNode doing = worker.get("doing");
        return doing == null || doing.isNull() ? "idle" : doing.asString();
    }

    private static JsonNode task(JsonNode tasks, String id) {
        for (JsonNode task : tasks.at("/recent/items")) {
            if (task.get("id").asString().equals(id)) {
                return task;
            }
        }
        throw new AssertionError("no task " + id + " in " + tasks);
    }
}
