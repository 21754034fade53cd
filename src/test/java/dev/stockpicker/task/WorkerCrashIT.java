package dev.stockpicker.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.stockpicker.support.TestDatabase;
import dev.stockpicker.support.TestServices;

/**
 * Two worker processes from the packaged jar; the one running a task is killed with SIGKILL mid-task. The task must
 * then complete on the other worker (late ack: the broker redelivers it) and store each quote exactly once. The
 * survivor is then stopped with SIGTERM while it runs a task, which it must finish first. The timings are scaled
 * down (a 2 s lock expiry, 1.5 s per fetch, 500 ms first retry): the same contract as production's 15 s expiry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerCrashIT {

    /**
     * This class's queues, Redis keys and tickers (the index too): WorkerCrashOnEmbeddedBrokerIT uses others, so that
     * two test JVMs can run both at once.
     */
    final String prefix = "it-" + name() + "-";
    final String symbol = name().toUpperCase(java.util.Locale.ROOT);
    final String termSymbol = "TERM" + symbol.substring("CRASH".length());
    final String index = "SPY" + symbol.substring("CRASH".length());

    final List<Process> workers = new ArrayList<>();
    final CachingConnectionFactory amqp = connectionFactory();
    LettuceConnectionFactory redisFactory;

    String name() {
        return "crash";
    }

    /** The broker of the test and its workers: RabbitMQ (WorkerCrashOnEmbeddedBrokerIT: the embedded one). */
    CachingConnectionFactory connectionFactory() {
        CachingConnectionFactory factory = new CachingConnectionFactory(TestServices.rabbitHost(),
                TestServices.rabbitPort());
        factory.setUsername(TestServices.rabbitUser());
        factory.setPassword(TestServices.rabbitPassword());
        factory.setVirtualHost(TestServices.vhost());
        return factory;
    }

    /** What the worker processes need to reach that broker. */
    Map<String, String> brokerEnvironment() {
        return Map.of("RABBITMQ_DEFAULT_VHOST", TestServices.vhost());
    }
    StringRedisTemplate redis;
    JdbcTemplate jdbc;

    /** Both workers start together: their start-ups overlap, which is most of this test's time. */
    @BeforeAll
    void connectAndStartTwoWorkers() throws Exception {
        TestDatabase.ensureMigrated();
        redisFactory = TestServices.redis();
        redis = new StringRedisTemplate(redisFactory);
        jdbc = new JdbcTemplate(new DriverManagerDataSource(TestServices.jdbcUrl(TestServices.database()),
                TestServices.postgresUser(), TestServices.postgresPassword()));
        jdbc.update("DELETE FROM ticker WHERE symbol IN (?, ?, ?)", symbol, termSymbol, index);
        workers.add(startWorker("worker1"));
        workers.add(startWorker("worker2"));
        await("both workers consume the queue", Duration.ofSeconds(90), () -> consumers() >= 2);
    }

    @AfterAll
    void stopEverything() {
        workers.forEach(Process::destroyForcibly);
        RabbitAdmin admin = new RabbitAdmin(amqp);
        // The retry queues first: Broker-J refuses to delete a queue that another one still routes to.
        for (String q : List.of("tasks.retry.1", "tasks.retry.2", "tasks.retry.3", "tasks.retry.4", "tasks",
                "tasks.dead")) {
            admin.deleteQueue(prefix + q);
        }
        var keys = redis == null ? null : redis.keys(prefix + ":*");
        if (keys != null && !keys.isEmpty()) {
            redis.delete(keys);
        }
        amqp.destroy();
        if (redisFactory != null) {
            redisFactory.destroy();
        }
    }

    @Test
    @Order(1)
    void aTaskWhoseWorkerIsKilledMidTaskCompletesOnTheOtherWorkerWithoutDuplicates() throws Exception {
        TaskMessage task = send(symbol);
        String key = prefix + ":task:" + task.id();
        await("a worker starts the task", Duration.ofSeconds(30),
                () -> "running".equals(redis.opsForHash().get(key, "state")));
        String firstWorker = (String) redis.opsForHash().get(key, "worker");
        long pid = Long.parseLong(firstWorker.substring(0, firstWorker.indexOf('@')));
        Process victim = workers.stream().filter(p -> p.pid() == pid).findFirst().orElseThrow();
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        assertThat(victim.waitFor()).as("exit status of SIGKILL").isEqualTo(137);

        await("the other worker completes the task", Duration.ofSeconds(60),
                () -> "done".equals(redis.opsForHash().get(key, "state")));
        Map<Object, Object> status = redis.opsForHash().entries(key);
        assertThat((String) status.get("worker")).isNotEqualTo(firstWorker);

        long rows = jdbc.queryForObject("SELECT count(*) FROM quote q JOIN ticker t ON t.id = q.ticker_id "
                + "WHERE t.symbol = ?", Long.class, symbol);
        long dates = jdbc.queryForObject("SELECT count(DISTINCT q.date) FROM quote q JOIN ticker t ON t.id = "
                + "q.ticker_id WHERE t.symbol = ?", Long.class, symbol);
        assertThat(rows).isGreaterThan(1200).isEqualTo(dates);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ticker WHERE symbol = ?", Long.class, symbol))
                .isEqualTo(1);
    }

    @Test
    @Order(2)
    void aWorkerStoppedWithSigtermFinishesItsCurrentTaskBeforeExiting() throws Exception {
        Process worker = workers.stream().filter(Process::isAlive).findFirst().orElse(null);
        if (worker == null) {
            worker = startWorker("term");
            workers.add(worker);
        }
        await("a worker consumes the queue", Duration.ofSeconds(90), () -> consumers() >= 1);

        TaskMessage task = send(termSymbol);
        String key = prefix + ":task:" + task.id();
        await("the worker starts the task", Duration.ofSeconds(30),
                () -> "running".equals(redis.opsForHash().get(key, "state")));

        new ProcessBuilder("kill", "-TERM", Long.toString(worker.pid())).start().waitFor();

        assertThat(worker.waitFor(45, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        assertThat(redis.opsForHash().get(key, "state")).as("the task it was running").isEqualTo("done");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM quote q JOIN ticker t ON t.id = q.ticker_id "
                + "WHERE t.symbol = ?", Long.class, termSymbol)).isGreaterThan(1200);
        assertThat(new RabbitAdmin(amqp).getQueueInfo(prefix + "tasks").getMessageCount()).isZero();
    }

    private TaskMessage send(String symbol) {
        TaskMessage task = TaskMessage.create(TaskNames.UPDATE_TICKER, List.of(symbol), Instant.now());
        new RabbitTemplate(amqp).send("", prefix + "tasks", MessageBuilder.withBody(TaskJson.write(task))
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT).build());
        return task;
    }

    private Process startWorker(String name) throws Exception {
        Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve(name() + "-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-jar", System.getProperty("stockpicker.jar", "target/stockpicker.jar"),
                "worker");
        builder.environment().putAll(Map.ofEntries(Map.entry("POSTGRES_DB", TestServices.database()),
                Map.entry("REDIS_DB", Integer.toString(TestServices.redisDatabase())),
                Map.entry("TASK_QUEUE_PREFIX", prefix), Map.entry("REDIS_NAMESPACE", prefix),
                Map.entry("INDEX_TICKER", index),
                Map.entry("QUOTE_SOURCE", "sample"), Map.entry("QUOTE_SOURCE_DELAY", "1500ms"),
                Map.entry("TICKER_LOCK_TTL", "2s"), Map.entry("TASK_FIRST_RETRY_DELAY", "500ms")));
        builder.environment().putAll(brokerEnvironment());
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    private int consumers() {
        var info = new RabbitAdmin(amqp).getQueueInfo(prefix + "tasks");
        return info == null ? 0 : info.getConsumerCount();
    }

    private static void await(String what, Duration timeout, Supplier<Boolean> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.get()) {
                    return;
                }
            }
            catch (RuntimeException notYet) {
                // the queue may not exist yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what
                + " (worker logs in target/it-logs)");
    }
}
