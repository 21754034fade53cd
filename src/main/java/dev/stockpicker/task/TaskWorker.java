package dev.stockpicker.task;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import com.rabbitmq.client.Channel;

/**
 * The worker role: consumes the task queue like Celery with {@code -O fair} and late acks. Prefetch is 1 and a
 * message is acknowledged only after its work is committed and its follow-up (retry or dead letter) is confirmed
 * by the broker, so a worker killed mid-task leaves the task to another worker. On SIGTERM the container finishes
 * the current task (up to a timeout) and the broker requeues whatever was not acknowledged.
 */
@Component
@Profile("worker")
class TaskWorker implements ChannelAwareMessageListener, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TaskWorker.class);
    /** A health question older than this has no one waiting for the answer any more. */
    static final Duration HEALTH_CHECK_MAX_AGE = Duration.ofSeconds(10);

    private final Map<String, TaskHandler> handlers;
    private final AmqpTaskPublisher publisher;
    private final RabbitTemplate rabbit;
    private final TaskTopology topology;
    private final TaskProperties properties;
    private final TaskStatusStore statuses;
    private final TaskMetrics metrics;
    private final SimpleMessageListenerContainer container;
    private final String workerId;
    private final WorkerHeartbeats heartbeats;
    /** What each consumer thread is running now, for the heartbeat (the tasks view shows it). */
    private final Map<Thread, String> current = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService heartbeat = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "worker-heartbeat");
                t.setDaemon(true);
                return t;
            });

    TaskWorker(List<TaskHandler> handlers, AmqpTaskPublisher publisher, RabbitTemplate rabbit,
            ConnectionFactory connectionFactory, TaskTopology topology, TaskProperties properties,
            TaskStatusStore statuses, TaskMetrics metrics, WorkerHeartbeats heartbeats,
            @org.springframework.beans.factory.annotation.Value("${stockpicker.tasks.worker-name:}") String name) {
        this.heartbeats = heartbeats;
        this.handlers = handlers.stream().collect(Collectors.toMap(TaskHandler::name, Function.identity()));
        this.publisher = publisher;
        this.rabbit = rabbit;
        this.topology = topology;
        this.properties = properties;
        this.statuses = statuses;
        this.metrics = metrics;
        // pid@host, and the worker's name when one process runs several (the zero-setup mode).
        this.workerId = ManagementFactory.getRuntimeMXBean().getName() + (name.isBlank() ? "" : "/" + name);
        this.container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames(topology.workQueue());
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setPrefetchCount(1);
        container.setConcurrentConsumers(properties.workerConcurrency());
        container.setDefaultRequeueRejected(true);
        container.setShutdownTimeout(30_000);
        container.setMissingQueuesFatal(false);
        container.setMessageListener(this);
        container.afterPropertiesSet();
    }

    String workerId() {
        return workerId;
    }

    @Override
    public void onMessage(Message message, Channel channel) throws Exception {
        long tag = message.getMessageProperties().getDeliveryTag();
        try {
            handle(message, channel, tag);
        }
        catch (Exception e) {
            // With manual acks the container neither acks nor nacks a listener that throws: without this nack the
            // message would stay unacknowledged and, with prefetch 1, this consumer would never get another one.
            log.warn("requeued a message after: {}", e.toString());
            channel.basicNack(tag, false, true);
        }
    }

    private void handle(Message message, Channel channel, long tag) throws Exception {
        TaskMessage task;
        try {
            task = TaskJson.read(message.getBody());
        }
        catch (IllegalArgumentException e) {
            deadLetterRaw(message, "unparseable task: " + e.getMessage());
            channel.basicAck(tag, false);
            return;
        }
        if (TaskNames.WORKER_HEALTH_CHECK.equals(task.name())) {
            answerHealthCheck(task, message);
            channel.basicAck(tag, false);
            return;
        }
        run(task, message.getMessageProperties().isRedelivered());
        channel.basicAck(tag, false);
    }

    /** Runs one attempt, then records the outcome and queues any follow-up before the caller acknowledges. */
    private void run(TaskMessage task, boolean redelivered) {
        TaskHandler handler = handlers.get(task.name());
        if (handler == null) {
            deadLetter(task, "unknown task name \"" + task.name() + "\"", 0);
            return;
        }
        long started = System.nanoTime();
        quietly(() -> statuses.running(task, workerId));
        log.info("start {}", task.describe());
        current.put(Thread.currentThread(), task.describe());
        try {
            String result = handler.handle(task, redelivered || task.attempt() > 1);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            metrics.succeeded(task.name(), took);
            quietly(() -> statuses.done(task, result, took.toMillis()));
            log.info("done {} in {} ms: {}", task.describe(), took.toMillis(), result);
        }
        catch (Exception e) {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            metrics.failed(task.name(), took);
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (e instanceof PermanentTaskFailure || task.attempt() >= properties.maxAttempts()) {
                deadLetter(task, reason, took.toMillis());
            }
            else {
                Duration delay = properties.retryDelay(task.attempt());
                publisher.send(topology.retryQueue(task.attempt()), task.nextAttempt(), Map.of());
                metrics.retried(task.name());
                quietly(() -> statuses.retrying(task.nextAttempt(), reason));
                log.warn("retry {} in {} ms after: {}", task.describe(), delay.toMillis(), reason);
            }
        }
        finally {
            current.remove(Thread.currentThread());
        }
    }

    /** Tells Redis this worker is alive and what it is doing; a missed beat only makes the tasks view stale. */
    private void beat() {
        String doing = current.isEmpty() ? null : String.join(", ", current.values());
        quietly(() -> heartbeats.beat(workerId, doing));
    }

    private void deadLetter(TaskMessage task, String reason, long millis) {
        publisher.send(topology.deadLetterQueue(), task, Map.of("x-failure-reason", truncate(reason),
                "x-failed-by", workerId));
        metrics.deadLettered(task.name());
        quietly(() -> statuses.failed(task, reason, millis));
        log.error("dead-lettered {}: {}", task.describe(), reason);
    }

    /** A message that is not a task keeps its original bytes in the dead-letter queue, with the reason. */
    private void deadLetterRaw(Message message, String reason) {
        Message copy = MessageBuilder.fromMessage(message).setHeader("x-failure-reason", truncate(reason))
                .setHeader("x-failed-by", workerId).build();
        publisher.sendConfirmed(topology.deadLetterQueue(), copy, "an unparseable message");
        metrics.deadLettered("unparseable");
        log.error("dead-lettered an unparseable message ({} bytes): {}", message.getBody().length, reason);
    }

    /** Runs a database query (the check is that a worker can reach the data) and answers the timestamp back. */
    private void answerHealthCheck(TaskMessage task, Message message) throws Exception {
        String replyTo = message.getMessageProperties().getReplyTo();
        if (replyTo == null || task.publishedAt().isBefore(java.time.Instant.now().minus(HEALTH_CHECK_MAX_AGE))) {
            return;
        }
        String answer = handlers.get(TaskNames.WORKER_HEALTH_CHECK).handle(task);
        Message reply = MessageBuilder.withBody(answer.getBytes(StandardCharsets.UTF_8))
                .setCorrelationId(message.getMessageProperties().getCorrelationId()).build();
        rabbit.send("", replyTo, reply);
    }

    private void quietly(Runnable statusUpdate) {
        try {
            statusUpdate.run();
        }
        catch (RuntimeException e) {
            log.warn("task status not stored (Redis unavailable?): {}", e.getMessage());
        }
    }

    private static String truncate(String reason) {
        return reason.length() <= 1000 ? reason : reason.substring(0, 1000) + "...";
    }

    @Override
    public void start() {
        log.info("worker {} consuming {} with concurrency {} and prefetch 1", workerId, topology.workQueue(),
                properties.workerConcurrency());
        container.start();
        // Beats come from this thread only, never from a task: a task pays no Redis round trip for them.
        heartbeat.scheduleWithFixedDelay(this::beat, 0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        log.info("worker {} stopping: finishing the current task", workerId);
        container.stop();
        heartbeat.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return container.isRunning();
    }
}
