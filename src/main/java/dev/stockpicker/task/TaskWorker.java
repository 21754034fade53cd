package dev.stockpicker.task;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

import com.rabbitmq.client.Channel;

/**
 * The worker role's message listener (its container comes from {@link WorkerConfiguration}): Celery with
 * {@code -O fair} and late acks. A message is acknowledged only after its work is committed and its follow-up (retry
 * or dead letter) is confirmed by the broker, so a worker killed mid-task leaves the task to another worker. Every
 * task, the health round trip included, runs through its {@link TaskHandler}.
 * <p>
 * Failures are sorted, never nacked back in a tight loop: a handler's failure is retried through the delay queues
 * with back-off and dead-lettered after the last attempt (or at once when permanent); a message that is not a task,
 * or names no handler, is dead-lettered; when the worker cannot even queue the follow-up (broker or Redis briefly
 * gone) it waits with the retries' back-off (at most 5 s) before handing the message back, and dead-letters it
 * once that has failed {@value #MAX_HANDBACKS} times.
 */
class TaskWorker implements ChannelAwareMessageListener {

    private static final Logger log = LoggerFactory.getLogger(TaskWorker.class);
    /** A request whose caller has stopped waiting (the health round trip waits 6 s) is not worth answering. */
    static final Duration REQUEST_MAX_AGE = Duration.ofSeconds(10);
    static final int MAX_HANDBACKS = 5;
    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    private final Map<String, TaskHandler> handlers;
    private final AmqpTaskPublisher publisher;
    private final RabbitTemplate rabbit;
    private final TaskTopology topology;
    private final TaskProperties properties;
    private final TaskStatusStore statuses;
    private final TaskMetrics metrics;
    private final Clock clock;
    private final String workerId;
    /** What each consumer thread is running now, for the heartbeat (the tasks view shows it). */
    private final Map<Thread, String> current = new ConcurrentHashMap<>();
    /** How often each message was handed back because its follow-up could not be queued. */
    private final Map<String, Integer> handbacks = new ConcurrentHashMap<>();

    TaskWorker(List<TaskHandler> handlers, AmqpTaskPublisher publisher, RabbitTemplate rabbit, TaskTopology topology,
            TaskProperties properties, TaskStatusStore statuses, TaskMetrics metrics, Clock clock,
            String name) {
        // pid@host, and the worker's name when one process runs several (the zero-setup mode).
        this.workerId = ManagementFactory.getRuntimeMXBean().getName() + (name.isBlank() ? "" : "/" + name);
        this.handlers = handlers.stream().collect(Collectors.toMap(TaskHandler::name, Function.identity()));
        this.publisher = publisher;
        this.rabbit = rabbit;
        this.topology = topology;
        this.properties = properties;
        this.statuses = statuses;
        this.metrics = metrics;
        this.clock = clock;
    }

    String workerId() {
        return workerId;
    }

    /** The tasks running now ("update_ticker[AAPL] #1a2b3c4d attempt 1, ..."), or null when idle. */
    String doing() {
        return current.isEmpty() ? null : String.join(", ", current.values());
    }

    @Override
    public void onMessage(Message message, Channel channel) throws Exception {
        long tag = message.getMessageProperties().getDeliveryTag();
        String key = key(message);
        try {
            handle(message);
            handbacks.remove(key);
            channel.basicAck(tag, false);
        }
        catch (Exception e) {
            // The follow-up could not be queued: acking would lose the task. With manual acks the container neither
            // acks nor nacks for us, and with prefetch 1 an unanswered message would stall this consumer.
            int times = handbacks.merge(key, 1, Integer::sum);
            if (times >= MAX_HANDBACKS && deadLetterRawQuietly(message, "the worker failed " + times
                    + " times to finish it: " + e)) {
                handbacks.remove(key);
                channel.basicAck(tag, false);
                return;
            }
            Duration pause = pause(times);
            // The pause holds only this consumer: prefetch 1, so no other message waits behind it.
            log.warn("handing a message back in {} ms (time {}) after: {}", pause.toMillis(), times, e.toString());
            Thread.sleep(pause.toMillis());
            channel.basicNack(tag, false, true);
        }
    }

    private void handle(Message message) {
        TaskMessage task;
        try {
            task = TaskJson.read(message.getBody());
        }
        catch (IllegalArgumentException e) {
            deadLetterRaw(message, "unparseable task: " + e.getMessage());
            return;
        }
        String replyTo = message.getMessageProperties().getReplyTo();
        if (replyTo != null) {
            answer(task, replyTo, message.getMessageProperties().getCorrelationId());
            return;
        }
        run(task, message.getMessageProperties().isRedelivered());
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
            String reason = FailureReasons.of(e);
            if (reason.startsWith("unexpected")) {
                log.error("{} failed", task.describe(), e);
            }
            if (e instanceof PermanentTaskFailure || task.attempt() >= properties.maxAttempts()) {
                deadLetter(task, reason, took.toMillis());
            }
            else {
                TaskMessage next = task.nextAttempt(clock.instant());
                publisher.send(topology.retryQueue(task.attempt()), next, Map.of());
                metrics.retried(task.name());
                quietly(() -> statuses.retrying(next, reason));
                log.warn("retry {} in {} ms after: {}", task.describe(), properties.retryDelay(task.attempt())
                        .toMillis(), e.toString());
            }
        }
        finally {
            current.remove(Thread.currentThread());
        }
    }

    /**
     * A request with a reply queue (the health round trip): its handler's result goes back to the caller, who is
     * waiting for it, so there is no status, retry or dead letter; a failure only leaves the caller to time out.
     */
    private void answer(TaskMessage task, String replyTo, String correlationId) {
        TaskHandler handler = handlers.get(task.name());
        if (handler == null || task.publishedAt().isBefore(clock.instant().minus(REQUEST_MAX_AGE))) {
            return;
        }
        String result;
        try {
            result = handler.handle(task);
        }
        catch (Exception e) {
            log.warn("no answer to {}: {}", task.describe(), e.toString());
            return;
        }
        rabbit.send("", replyTo, MessageBuilder.withBody(result.getBytes(StandardCharsets.UTF_8))
                .setCorrelationId(correlationId).build());
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
        log.error("dead-lettered a message ({} bytes): {}", message.getBody().length, reason);
    }

    private boolean deadLetterRawQuietly(Message message, String reason) {
        try {
            deadLetterRaw(message, reason);
            return true;
        }
        catch (RuntimeException e) {
            return false;
        }
    }

    /** The task retry's back-off (TASK_FIRST_RETRY_DELAY, doubling), at most 5 s: a short outage loses little. */
    private Duration pause(int times) {
        Duration delay = properties.retryDelay(times);
        return delay.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : delay;
    }

    private static String key(Message message) {
        MessageProperties properties = message.getMessageProperties();
        return properties.getMessageId() != null ? properties.getMessageId()
                : Integer.toHexString(java.util.Arrays.hashCode(message.getBody()));
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
}
