package dev.stockpicker.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.stockpicker.support.TestDatabase;

/**
 * Two worker processes from the packaged jar; the one running a task is killed with SIGKILL mid-task. The task must
 * then complete on the other worker (late ack: the broker redelivers it) and store each quote exactly once.
 */
class WorkerCrashIT {

    static final String PREFIX = "it-crash-";
    static final String SYMBOL = "CRASH";

    /** The test database, Redis database and vhost follow the test environment (TEST_POSTGRES_DB, REDIS_DB...). */
    static final String DATABASE = System.getenv().getOrDefault("TEST_POSTGRES_DB", "stockpicker_test");

    final List<Process> workers = new ArrayList<>();
    final CachingConnectionFactory amqp = connectionFactory();
    final LettuceConnectionFactory redisFactory = new LettuceConnectionFactory(redisConfiguration());

    static RedisStandaloneConfiguration redisConfiguration() {
        RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration("localhost", 6379);
        configuration.setDatabase(Integer.parseInt(System.getenv().getOrDefault("REDIS_DB", "0")));
        return configuration;
    }

    /** The broker of the test and its workers: RabbitMQ (vhost RABBITMQ_TEST_VHOST, default /). */
    CachingConnectionFactory connectionFactory() {
        CachingConnectionFactory factory = new CachingConnectionFactory("localhost");
        factory.setUsername(System.getenv().getOrDefault("RABBITMQ_DEFAULT_USER", "guest"));
        factory.setPassword(System.getenv().getOrDefault("RABBITMQ_DEFAULT_PASS", "guest"));
        factory.setVirtualHost(System.getenv().getOrDefault("RABBITMQ_TEST_VHOST", "/"));
        return factory;
    }

    /** What the worker processes need to reach that broker. */
    Map<String, String> brokerEnvironment() {
        return Map.of("RABBITMQ_DEFAULT_VHOST", amqp.getVirtualHost());
    }

    StringRedisTemplate redis;
    JdbcTemplate jdbc;

    @AfterEach
    void stopEverything() {
        workers.forEach(Process::destroyForcibly);
        RabbitAdmin admin = new RabbitAdmin(amqp);
        // The retry queues first: Broker-J refuses to delete a queue that another one still routes to.
        for (String q : List.of("tasks.retry.1", "tasks.retry.2", "tasks.retry.3", "tasks.retry.4", "tasks",
                "tasks.dead")) {
            admin.deleteQueue(PREFIX + q);
        }
        var keys = redis == null ? null : redis.keys(PREFIX + ":*");
        if (keys != null && !keys.isEmpty()) {
            redis.delete(keys);
        }
        amqp.destroy();
        redisFactory.destroy();
    }

    @Test
    void aTaskWhoseWorkerIsKilledMidTaskCompletesOnTheOtherWorkerWithoutDuplicates() throws Exception {
        connect();
        jdbc.update("DELETE FROM ticker WHERE symbol IN (?, 'SPY')", SYMBOL);

        workers.add(startWorker("worker1"));
        workers.add(startWorker("worker2"));
        await("both workers consume the queue", Duration.ofSeconds(90), () -> consumers() >= 2);

        TaskMessage task = TaskMessage.create(TaskNames.UPDATE_TICKER, List.of(SYMBOL));
        new RabbitTemplate(amqp).send("", PREFIX + "tasks", MessageBuilder.withBody(TaskJson.write(task))
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT).build());

        String key = PREFIX + ":task:" + task.id();
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
                + "WHERE t.symbol = ?", Long.class, SYMBOL);
        long dates = jdbc.queryForObject("SELECT count(DISTINCT q.date) FROM quote q JOIN ticker t ON t.id = "
                + "q.ticker_id WHERE t.symbol = ?", Long.class, SYMBOL);
        assertThat(rows).isGreaterThan(1200).isEqualTo(dates);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ticker WHERE symbol = ?", Long.class, SYMBOL))
                .isEqualTo(1);
    }

    @Test
    void aWorkerStoppedWithSigtermFinishesItsCurrentTaskBeforeExiting() throws Exception {
        connect();
        jdbc.update("DELETE FROM ticker WHERE symbol IN ('TERM', 'SPY')");
        Process worker = startWorker("term");
        workers.add(worker);
        await("the worker consumes the queue", Duration.ofSeconds(90), () -> consumers() >= 1);

        TaskMessage task = TaskMessage.create(TaskNames.UPDATE_TICKER, List.of("TERM"));
        new RabbitTemplate(amqp).send("", PREFIX + "tasks", MessageBuilder.withBody(TaskJson.write(task))
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT).build());
        String key = PREFIX + ":task:" + task.id();
        await("the worker starts the task", Duration.ofSeconds(30),
                () -> "running".equals(redis.opsForHash().get(key, "state")));

        new ProcessBuilder("kill", "-TERM", Long.toString(worker.pid())).start().waitFor();

        assertThat(worker.waitFor(45, java.util.concurrent.TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        assertThat(redis.opsForHash().get(key, "state")).as("the task it was running").isEqualTo("done");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM quote q JOIN ticker t ON t.id = q.ticker_id "
                + "WHERE t.symbol = 'TERM'", Long.class)).isGreaterThan(1200);
        assertThat(new RabbitAdmin(amqp).getQueueInfo(PREFIX + "tasks").getMessageCount()).isZero();
    }

    private void connect() {
        TestDatabase.ensureExists();
        redisFactory.afterPropertiesSet();
        redis = new StringRedisTemplate(redisFactory);
        jdbc = new JdbcTemplate(new DriverManagerDataSource("jdbc:postgresql://localhost:5432/" + DATABASE,
                System.getenv().getOrDefault("POSTGRES_USER", "stockpicker"), ""));
    }

    private Process startWorker(String name) throws Exception {
        Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve("crash-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                System.getProperty("stockpicker.jar", "target/stockpicker.jar"), "worker");
        builder.environment().putAll(brokerEnvironment());
        builder.environment().putAll(Map.of("POSTGRES_DB", DATABASE, "TASK_QUEUE_PREFIX", PREFIX, "REDIS_NAMESPACE",
                PREFIX, "QUOTE_SOURCE", "sample", "QUOTE_SOURCE_DELAY", "3s"));
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    private int consumers() {
        var info = new RabbitAdmin(amqp).getQueueInfo(PREFIX + "tasks");
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
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what
                + " (worker logs in target/it-logs)");
    }

    static {
        new File("target/it-logs").mkdirs();
    }
}
