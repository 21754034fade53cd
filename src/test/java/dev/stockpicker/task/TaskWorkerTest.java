package dev.stockpicker.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.Filter;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import dev.stockpicker.support.Http;
import dev.stockpicker.support.TestDatabase;

/**
 * The worker role in-process against the real RabbitMQ, Redis and PostgreSQL: retries with back-off then a dead
 * letter with the reason, poison messages, the health round trip and the per-ticker lock.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "stockpicker.tasks.queue-prefix=" + TaskWorkerTest.PREFIX, "stockpicker.redis-namespace=" + TaskWorkerTest.PREFIX,
        "stockpicker.tasks.first-retry-delay=100ms", "stockpicker.tasks.max-attempts=3",
        "stockpicker.tasks.worker-concurrency=2", "stockpicker.metrics-port=0" })
@ActiveProfiles({ "test", "worker" })
@ContextConfiguration(initializers = TestDatabase.class)
class TaskWorkerTest {

    static final String PREFIX = "test-worker-";
    static final AtomicInteger failingCalls = new AtomicInteger();
    static volatile boolean sourceBroken = true;

    @Autowired
    TaskPublisher publisher;
    @Autowired
    AmqpTaskPublisher amqp;
    @Autowired
    TaskTopology topology;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    TaskStatusStore statuses;
    @Autowired
    TickerLocks locks;

    static AmqpAdmin adminForCleanup;
    static StringRedisTemplate redisForCleanup;

    @TestConfiguration
    static class FailingTask {
        @Bean
        TaskHandler alwaysFails() {
            return new TaskHandler() {
                public String name() {
                    return "always_fails";
                }

                public String handle(TaskMessage task) {
                    failingCalls.incrementAndGet();
                    throw new IllegalStateException("the source is down");
                }
            };
        }
    }

    @TestConfiguration
    static class FlakyTask {
        @Bean
        TaskHandler flaky() {
            return new TaskHandler() {
                public String name() {
                    return "flaky";
                }

                public String handle(TaskMessage task) {
                    if (sourceBroken) {
                        throw new IllegalStateException("still broken");
                    }
                    return "worked";
                }
            };
        }
    }

    @Autowired
    DeadLetters deadLetters;

    @Test
    void aDeadLetterIsListedWithItsReasonAndRunsAgainWhenRequeued() {
        sourceBroken = true;
        TaskMessage task = publisher.publish("flaky", List.of("a"));
        awaitState(task.id(), TaskState.FAILED);
        awaitDeadLetter(task.id());

        sourceBroken = false;
        assertThat(deadLetters.requeue(task.id())).isTrue();

        assertThat(deadLetters.list()).noneMatch(letter -> letter.messageId().equals(task.id()));
        TaskStatus rerun = statuses.recent(20).stream()
                .filter(s -> s.name().equals("flaky") && !s.id().equals(task.id())).findFirst().orElseThrow();
        assertThat(awaitState(rerun.id(), TaskState.DONE).result()).isEqualTo("worked");
    }

    void awaitDeadLetter(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var letters = deadLetters.list();
            if (letters.stream().anyMatch(l -> l.messageId().equals(id) && l.reason().contains("still broken"))) {
                return;
            }
        }
        throw new AssertionError("no dead letter " + id);
    }

    @Autowired
    void keepForCleanup(AmqpAdmin admin, StringRedisTemplate redis) {
        adminForCleanup = admin;
        redisForCleanup = redis;
    }

    @AfterAll
    static void deleteQueuesAndKeys() {
        // The retry queues first: Broker-J refuses to delete a queue that another one still routes to.
        for (String q : List.of("tasks.retry.1", "tasks.retry.2", "tasks", "tasks.dead")) {
            adminForCleanup.deleteQueue(PREFIX + q);
        }
        var keys = redisForCleanup.keys(PREFIX + ":*");
        if (keys != null && !keys.isEmpty()) {
            redisForCleanup.delete(keys);
        }
    }

    @Autowired
    TaskTopology.BrokerQueues retryQueues;

    /** The broker this class runs on; a subclass runs every test again on another one. */
    TaskTopology.Broker expectedBroker() {
        return TaskTopology.Broker.RABBITMQ;
    }

    @Test
    void theRetryQueuesAreDeclaredForTheBrokerTheConnectionReports() {
        assertThat(publisher.roundTrip("which broker", Duration.ofSeconds(6))).isEqualTo("which broker");
        assertThat(retryQueues.broker()).isEqualTo(expectedBroker());
    }

    @Test
    void theWorkerBuildsNoControllerAdviceOrServletFilter(@Autowired ApplicationContext context) {
        assertThat(context.getBeansWithAnnotation(Controller.class)).isEmpty();
        assertThat(context.getBeansWithAnnotation(ControllerAdvice.class)).isEmpty();
        assertThat(context.getBeanNamesForType(Filter.class)).isEmpty();
    }

    @Test
    void aFailingTaskIsRetriedWithBackOffThenDeadLetteredWithTheReason() {
        int callsBefore = failingCalls.get();
        TaskMessage task = publisher.publish("always_fails", List.of("x"));

        Message dead = rabbit.receive(topology.deadLetterQueue(), 15_000);

        assertThat(dead).isNotNull();
        assertThat(dead.getMessageProperties().getMessageId()).isEqualTo(task.id());
        assertThat((String) dead.getMessageProperties().getHeader("x-failure-reason")).contains("the source is down");
        assertThat(failingCalls.get() - callsBefore).isEqualTo(3);
        TaskStatus status = awaitState(task.id(), TaskState.FAILED);
        assertThat(status.attempts()).isEqualTo(3);
        assertThat(status.reason()).contains("the source is down");
    }

    @Test
    void aMessageThatIsNotATaskGoesStraightToDeadLettersWithItsBytes() {
        amqp.sendConfirmed(topology.workQueue(), MessageBuilder.withBody("{not json".getBytes(StandardCharsets.UTF_8))
                .build(), "garbage");

        Message dead = rabbit.receive(topology.deadLetterQueue(), 10_000);

        assertThat(dead).isNotNull();
        assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat((String) dead.getMessageProperties().getHeader("x-failure-reason")).startsWith("unparseable task");
    }

    @Test
    void aTaskWithAnUnknownNameIsDeadLetteredWithoutRetries() {
        TaskMessage task = publisher.publish("no_such_task", List.of());

        Message dead = rabbit.receive(topology.deadLetterQueue(), 10_000);

        assertThat(dead).isNotNull();
        assertThat((String) dead.getMessageProperties().getHeader("x-failure-reason")).contains("unknown task name");
        assertThat(awaitState(task.id(), TaskState.FAILED).attempts()).isEqualTo(1);
    }

    @Test
    void theHealthRoundTripGetsTheTimestampBackFromAWorker() {
        String timestamp = "Wed Nov 25 09:00:00 2026 " + UUID.randomUUID();
        assertThat(publisher.roundTrip(timestamp, Duration.ofSeconds(6))).isEqualTo(timestamp);
    }

    @Test
    void aTickerLockedByAnotherWorkerIsSkippedNotFailed() {
        try (TickerLocks.Lock held = locks.tryLock("SPY").orElseThrow()) {
            TaskMessage task = publisher.publish(TaskNames.UPDATE_TICKER, List.of("SPY"));
            TaskStatus status = awaitState(task.id(), TaskState.DONE);
            assertThat(status.result()).contains("already been accepted");
        }
    }

    /** A retry meets the index locked by a live worker's short update: it waits for the lock, it does not fail. */
    @Test
    void aRetryWaitsForALockThatAnotherWorkerReleasesSoon() throws Exception {
        TaskMessage retry = TaskMessage.create(TaskNames.UPDATE_TICKER, List.of("SPY"), Instant.now())
                .nextAttempt(Instant.now());
        try (TickerLocks.Lock held = locks.tryLock("SPY").orElseThrow()) {
            ((AmqpTaskPublisher) publisher).send(topology.workQueue(), retry, Map.of());
            awaitState(retry.id(), TaskState.RUNNING);
            Thread.sleep(500); // the other worker's update goes on a while
        }
        TaskStatus status = awaitState(retry.id(), TaskState.DONE);
        assertThat(status.attempts()).as("done on the attempt that waited").isEqualTo(2);
    }

    @Test
    void anInvalidSymbolFailsAtOnceWithoutRetries() {
        TaskMessage task = publisher.publish(TaskNames.UPDATE_TICKER, List.of("NOT A SYMBOL"));
        TaskStatus status = awaitState(task.id(), TaskState.FAILED);
        assertThat(status.attempts()).isEqualTo(1);
        assertThat(status.reason()).contains("invalid ticker");
        rabbit.receive(topology.deadLetterQueue(), 5_000);
    }

    @Autowired
    dev.stockpicker.metrics.MetricsServer metricsServer;

    @Test
    void aWorkerServesItsTaskMetricsForPrometheus() {
        TaskMessage task = publisher.publish(TaskNames.NOOP, List.of());
        awaitState(task.id(), TaskState.DONE);

        var response = new Http(metricsServer.boundPort()).get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("stockpicker_tasks_total{outcome=\"succeeded\",task=\"noop\"}")
                .contains("stockpicker_task_duration_seconds_count{task=\"noop\"}")
                .contains("stockpicker_queue_depth{queue=\"tasks\"}");
    }

    TaskStatus awaitState(String id, TaskState state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        TaskStatus last = null;
        while (System.nanoTime() < deadline) {
            last = statuses.find(id).orElse(null);
            if (last != null && last.state() == state) {
                return last;
            }
            try {
                Thread.sleep(50);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("task " + id + " did not reach " + state + "; last status: " + last);
    }
}
