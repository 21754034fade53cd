package dev.stockpicker.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import dev.stockpicker.task.TaskJson;
import dev.stockpicker.task.TaskMessage;
import dev.stockpicker.task.TaskNames;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 3's benchmark, run by bench/tasks.sh against a stack of processes: (a) noop tasks per second through the
 * stack's worker processes, (b) the raw amqp-client rate (publish with confirms, 2 consumers with prefetch 1 and
 * manual acks) on the same broker, alternating, then the {@code /health/celery/} round trip. Prints the figures and
 * writes them as a Markdown table to {@code bench.out}.
 */
public final class TaskThroughputBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Unconfirmed messages in flight while publishing; the same for both sides. */
    private static final int CONFIRM_WINDOW = 256;
    private static final Duration ROUND_LIMIT = Duration.ofMinutes(5);

    private final Settings settings;
    private final ConnectionFactory amqp = new ConnectionFactory();
    private final RedisClient redisClient;

    private TaskThroughputBench(Settings settings) {
        this.settings = settings;
        amqp.setHost(settings.amqpHost);
        amqp.setPort(settings.amqpPort);
        amqp.setUsername(settings.amqpUser);
        amqp.setPassword(settings.amqpPassword);
        amqp.setVirtualHost(settings.vhost);
        this.redisClient = RedisClient.create("redis://" + settings.redisHost + ":" + settings.redisPort + "/"
                + settings.redisDb);
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromSystemProperties();
        TaskThroughputBench bench = new TaskThroughputBench(settings);
        try {
            bench.run();
        }
        finally {
            bench.redisClient.shutdown();
        }
    }

    private void run() throws Exception {
        System.out.printf("bench: %d noop tasks per run, %d rounds (+1 warm-up of %d), vhost %s, queue %s%n",
                settings.tasks, settings.rounds, settings.warmup, settings.vhost, settings.queue);
        try (Connection connection = amqp.newConnection("bench-publisher");
                StatefulRedisConnection<String, String> redis = redisClient.connect()) {
            awaitIdleQueue(connection);
            // Warm-up: class loading and JIT in the workers, the broker and this JVM; not counted.
            workerRun(connection, redis, settings.warmup);
            rawRun(connection, settings.warmup);

            List<Run> workers = new ArrayList<>();
            List<Run> raw = new ArrayList<>();
            for (int round = 1; round <= settings.rounds; round++) {
                Run a = workerRun(connection, redis, settings.tasks);
                Run b = rawRun(connection, settings.tasks);
                workers.add(a);
                raw.add(b);
                System.out.printf("round %d: (a) workers %s | (b) raw %s | ratio %.2f%n", round, a, b,
                        a.rate() / b.rate());
            }
            List<Long> health = healthRoundTrips(settings.healthCalls);
            write(workers, raw, health);
        }
    }

    // ------------------------------------------------------------------ (a) through the worker processes

    /**
     * Publishes {@code n} noop tasks to the stack's task queue and waits until every one is done. The end is exact:
     * the latest {@code updated_at} a worker wrote with the "done" state, which it writes just before its ack; the
     * start is the wall clock just before the first publish (same machine, same clock).
     */
    private Run workerRun(Connection connection, StatefulRedisConnection<String, String> redis, int n)
            throws Exception {
        List<String> ids = new ArrayList<>(n);
        List<byte[]> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            TaskMessage task = TaskMessage.create(TaskNames.NOOP, List.of(), Instant.now());
            ids.add(task.id());
            bodies.add(TaskJson.write(task));
        }
        Instant start = Instant.now();
        Duration published = publish(connection, settings.queue, ids, bodies);
        awaitDone(connection, redis, ids);
        Instant end = lastDone(redis, ids);
        return new Run(n, Duration.between(start, end), published);
    }

    /**
     * Waits until the queue has no ready message and the last tasks published are done. With prefetch 1 per
     * consumer, the messages not yet done once none is ready are the few delivered last, i.e. published last.
     */
    private void awaitDone(Connection connection, StatefulRedisConnection<String, String> redis, List<String> ids)
            throws Exception {
        List<String> last = ids.subList(Math.max(0, ids.size() - 4), ids.size());
        long deadline = System.nanoTime() + ROUND_LIMIT.toNanos();
        try (Channel channel = connection.createChannel()) {
            while (System.nanoTime() < deadline) {
                if (channel.queueDeclarePassive(settings.queue).getMessageCount() == 0
                        && last.stream().allMatch(id -> "done".equals(redis.sync().hget(statusKey(id), "state")))) {
                    return;
                }
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("the workers did not finish " + ids.size() + " tasks within " + ROUND_LIMIT);
    }

    /** The latest "done" stamp of all tasks; fails unless every task is done. */
    private Instant lastDone(StatefulRedisConnection<String, String> redis, List<String> ids) throws Exception {
        RedisAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<List<io.lettuce.core.KeyValue<String, String>>>> futures = new ArrayList<>(ids.size());
        for (String id : ids) {
            futures.add(async.hmget(statusKey(id), "state", "updated_at"));
        }
        LettuceFutures.awaitAll(Duration.ofSeconds(30), futures.toArray(new RedisFuture[0]));
        Instant latest = Instant.EPOCH;
        int notDone = 0;
        for (var future : futures) {
            List<io.lettuce.core.KeyValue<String, String>> fields = future.get();
            if (!"done".equals(fields.get(0).getValueOrElse(null))) {
                notDone++;
                continue;
            }
            Instant at = Instant.parse(fields.get(1).getValue());
            latest = at.isAfter(latest) ? at : latest;
        }
        if (notDone > 0) {
            throw new IllegalStateException(notDone + " of " + ids.size() + " tasks are not done");
        }
        return latest;
    }

    private String statusKey(String id) {
        return settings.namespace + ":task:" + id;
    }

    // ------------------------------------------------------------------ (b) raw amqp-client baseline

    /**
     * The same bodies, published the same way to a fresh durable queue, consumed by 2 consumers on connections of
     * their own (prefetch 1, ack right after receipt). Timed from the first publish to the last ack.
     */
    private Run rawRun(Connection connection, int n) throws Exception {
        String queue = "bench.raw." + UUID.randomUUID();
        List<String> ids = new ArrayList<>(n);
        List<byte[]> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            TaskMessage task = TaskMessage.create(TaskNames.NOOP, List.of(), Instant.now());
            ids.add(task.id());
            bodies.add(TaskJson.write(task));
        }
        try (Channel admin = connection.createChannel()) {
            admin.queueDeclare(queue, true, false, false, null);
        }
        CountDownLatch allAcked = new CountDownLatch(n);
        AtomicLong lastAck = new AtomicLong();
        List<Connection> consumers = new ArrayList<>();
        try {
            for (int c = 1; c <= 2; c++) {
                Connection consumerConnection = amqp.newConnection("bench-raw-consumer-" + c);
                consumers.add(consumerConnection);
                Channel channel = consumerConnection.createChannel();
                channel.basicQos(1);
                channel.basicConsume(queue, false, new DefaultConsumer(channel) {
                    @Override
                    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                            byte[] body) throws IOException {
                        getChannel().basicAck(envelope.getDeliveryTag(), false);
                        lastAck.accumulateAndGet(System.nanoTime(), Math::max);
                        allAcked.countDown();
                    }
                });
            }
            long start = System.nanoTime();
            Duration published = publish(connection, queue, ids, bodies);
            if (!allAcked.await(ROUND_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("raw consumers did not ack " + n + " messages in " + ROUND_LIMIT);
            }
            return new Run(n, Duration.ofNanos(lastAck.get() - start), published);
        }
        finally {
            for (Connection c : consumers) {
                c.close();
            }
            try (Channel admin = connection.createChannel()) {
                admin.queueDelete(queue);
            }
        }
    }

    // ------------------------------------------------------------------ publishing, shared by (a) and (b)

    /**
     * Persistent messages with the app's properties (JSON content type, the task id as message id, mandatory) and
     * publisher confirms. The app waits for each confirm in turn; here up to {@value #CONFIRM_WINDOW} are in flight,
     * so that the publisher is not what limits either side. Returns the time until the last confirm.
     */
    private static Duration publish(Connection connection, String queue, List<String> ids, List<byte[]> bodies)
            throws Exception {
        long start = System.nanoTime();
        Semaphore window = new Semaphore(CONFIRM_WINDOW);
        ConcurrentSkipListSet<Long> unconfirmed = new ConcurrentSkipListSet<>();
        AtomicInteger nacked = new AtomicInteger();
        try (Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.addConfirmListener((tag, multiple) -> window.release(confirm(unconfirmed, tag, multiple)),
                    (tag, multiple) -> {
                        int refused = confirm(unconfirmed, tag, multiple);
                        nacked.addAndGet(refused);
                        window.release(refused);
                    });
            channel.addReturnListener(returned -> nacked.incrementAndGet());
            for (int i = 0; i < bodies.size(); i++) {
                window.acquire();
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                        .messageId(ids.get(i)).deliveryMode(2).priority(0).build();
                unconfirmed.add(channel.getNextPublishSeqNo());
                channel.basicPublish("", queue, true, properties, bodies.get(i));
            }
            channel.waitForConfirmsOrDie(ROUND_LIMIT.toMillis());
        }
        if (nacked.get() > 0) {
            throw new IllegalStateException(nacked.get() + " messages were refused or returned by the broker");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Removes the confirmed sequence numbers; returns how many that were. */
    private static int confirm(ConcurrentSkipListSet<Long> unconfirmed, long tag, boolean multiple) {
        if (!multiple) {
            return unconfirmed.remove(tag) ? 1 : 0;
        }
        var confirmed = unconfirmed.headSet(tag, true);
        int count = confirmed.size();
        confirmed.clear();
        return count;
    }

    private void awaitIdleQueue(Connection connection) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        try (Channel channel = connection.createChannel()) {
            while (System.nanoTime() < deadline) {
                AMQP.Queue.DeclareOk queue = channel.queueDeclarePassive(settings.queue);
                if (queue.getMessageCount() == 0 && queue.getConsumerCount() >= 2) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("queue " + settings.queue + " not idle with 2 consumers within 2 minutes");
    }

    // ------------------------------------------------------------------ /health/celery/

    private List<Long> healthRoundTrips(int calls) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://127.0.0.1:" + settings.webPort + "/health/celery/");
        http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString()); // warm-up
        List<Long> micros = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            micros.add((System.nanoTime() - start) / 1_000);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/health/celery/ answered " + response.statusCode() + ": "
                        + response.body());
            }
        }
        return micros;
    }

    // ------------------------------------------------------------------ results

    record Run(int tasks, Duration took, Duration published) {

        double rate() {
            return tasks / (took.toNanos() / 1e9);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d in %.2f s = %.0f/s (published in %.2f s)", tasks,
                    took.toNanos() / 1e9, rate(), published.toNanos() / 1e9);
        }
    }

    private void write(List<Run> workers, List<Run> raw, List<Long> healthMicros) throws IOException {
        double a = median(workers.stream().map(Run::rate).toList());
        double b = median(raw.stream().map(Run::rate).toList());
        List<Long> sorted = new ArrayList<>(healthMicros);
        Collections.sort(sorted);
        double p50 = percentile(sorted, 50) / 1000.0;
        double p99 = percentile(sorted, 99) / 1000.0;

        StringBuilder md = new StringBuilder();
        md.append("| round | (a) noop tasks/s, 2 worker processes | (b) raw amqp-client msgs/s | (a)/(b) |\n");
        md.append("|---|---|---|---|\n");
        for (int i = 0; i < workers.size(); i++) {
            Run wa = workers.get(i);
            Run rb = raw.get(i);
            md.append(String.format(Locale.ROOT, "| %d | %.0f (%d in %.2f s; published in %.2f s) | %.0f (%d in %.2f s;"
                    + " published in %.2f s) | %.2f |%n", i + 1, wa.rate(), wa.tasks(), secs(wa.took()),
                    secs(wa.published()), rb.rate(), rb.tasks(), secs(rb.took()), secs(rb.published()),
                    wa.rate() / rb.rate()));
        }
        md.append(String.format(Locale.ROOT, "| **median** | **%.0f** | **%.0f** | **%.2f** (goal ≥ 0.3) |%n%n", a,
                b, a / b));
        md.append(String.format(Locale.ROOT, "`/health/celery/` round trip, %d sequential calls: p50 **%.1f ms**, "
                + "p99 **%.1f ms** (min %.1f ms, max %.1f ms)%n", healthMicros.size(), p50, p99,
                sorted.get(0) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0));
        System.out.print(md);
        // For the method section, not the table.
        md.append(String.format(Locale.ROOT, "message size: %d bytes%n",
                TaskJson.write(TaskMessage.create(TaskNames.NOOP, List.of(), Instant.now())).length));
        if (settings.out != null) {
            Files.writeString(Path.of(settings.out), md, StandardCharsets.UTF_8);
        }
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** From {@code -Dbench.*} (set by bench/tasks.sh) and the app's connection variables. */
    record Settings(int tasks, int rounds, int warmup, int healthCalls, String amqpHost, int amqpPort,
            String amqpUser, String amqpPassword, String vhost, String queue, String redisHost, int redisPort,
            int redisDb, String namespace, int webPort, String out) {

        static Settings fromSystemProperties() {
            Map<String, String> env = System.getenv();
            return new Settings(Integer.getInteger("bench.tasks", 5000), Integer.getInteger("bench.rounds", 3),
                    Integer.getInteger("bench.warmup", 500), Integer.getInteger("bench.health-calls", 200),
                    env.getOrDefault("RABBITMQ_HOST", "127.0.0.1"),
                    Integer.parseInt(env.getOrDefault("RABBITMQ_PORT", "5672")),
                    env.getOrDefault("RABBITMQ_DEFAULT_USER", "guest"),
                    env.getOrDefault("RABBITMQ_DEFAULT_PASS", "guest"), required("bench.vhost"),
                    System.getProperty("bench.queue", "tasks"), env.getOrDefault("REDIS_HOST", "127.0.0.1"),
                    Integer.parseInt(env.getOrDefault("REDIS_PORT", "6379")),
                    Integer.parseInt(env.getOrDefault("REDIS_DB", "0")), required("bench.namespace"),
                    Integer.parseInt(required("bench.web-port")), System.getProperty("bench.out"));
        }

        private static String required(String name) {
            String value = System.getProperty(name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("-D" + name + " is required (bench/tasks.sh sets it)");
            }
            return value;
        }
    }
}
