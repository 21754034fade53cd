package dev.stockpicker.task;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes tasks as persistent JSON messages and waits for the broker's confirm (and for an unroutable message to be
 * returned), so that a task this returns is safely queued. The health round trip uses a temporary reply queue, which
 * works on any AMQP 0-9-1 broker (RabbitMQ's direct reply-to is not needed).
 */
@Component
public class AmqpTaskPublisher implements TaskPublisher {

    private static final Logger log = LoggerFactory.getLogger(AmqpTaskPublisher.class);
    static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(5);

    private final RabbitTemplate rabbit;
    private final ConnectionFactory connectionFactory;
    private final TaskTopology topology;
    private final TaskStatusStore statuses;
    private final TaskMetrics metrics;
    private final Clock clock;

    AmqpTaskPublisher(RabbitTemplate rabbit, ConnectionFactory connectionFactory, TaskTopology topology,
            TaskStatusStore statuses, TaskMetrics metrics, Clock clock) {
        this.clock = clock;
        this.rabbit = rabbit;
        this.connectionFactory = connectionFactory;
        this.topology = topology;
        this.statuses = statuses;
        this.metrics = metrics;
        rabbit.setMandatory(true);
    }

    @Override
    public TaskMessage publish(String name, List<String> args) {
        TaskMessage task = TaskMessage.create(name, args, clock.instant());
        refuseWhenFullOnBrokerJ(task.describe());
        send(topology.workQueue(), task, Map.of());
        metrics.published(name);
        try {
            statuses.queued(task);
        }
        catch (RuntimeException e) {
            log.warn("{} queued, but its status could not be stored: {}", task.describe(), e.getMessage());
        }
        return task;
    }

    /**
     * On Broker-J the work queue's bound is kept here, not by the broker (whose own bound would also drop a retry
     * expiring into a full queue: see {@link TaskTopology}); on RabbitMQ this reads only the connection's server
     * properties, no round trip.
     */
    private void refuseWhenFullOnBrokerJ(String what) {
        Integer waiting;
        try {
            waiting = rabbit.execute(channel -> TaskTopology.Broker.of(channel.getConnection().getServerProperties())
                    == TaskTopology.Broker.QPID ? Integer.valueOf(
                            channel.queueDeclarePassive(topology.workQueue()).getMessageCount()) : null);
        }
        catch (AmqpException e) {
            throw new TaskPublishException("cannot reach the broker to queue " + what + ": " + e.getMessage(), e);
        }
        if (waiting != null && waiting >= topology.queueMaxLength()) {
            throw new TaskQueueFullException("queue " + topology.workQueue() + " is full: " + waiting
                    + " tasks wait (TASK_QUEUE_MAX_LENGTH " + topology.queueMaxLength() + "), " + what + " refused");
        }
    }

    /** Sends {@code task} to {@code queue} and waits for the confirm; throws when it is not safely queued. */
    void send(String queue, TaskMessage task, Map<String, Object> headers) {
        Message message = MessageBuilder.withBody(TaskJson.write(task)).setContentType("application/json")
                .setMessageId(task.id()).build();
        headers.forEach(message.getMessageProperties()::setHeader);
        sendConfirmed(queue, message, task.describe());
    }

    /** Sends a persistent message and waits for the broker's confirm; unroutable or refused messages throw. */
    void sendConfirmed(String queue, Message message, String what) {
        message.getMessageProperties().setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        CorrelationData confirm = new CorrelationData(java.util.UUID.randomUUID().toString());
        try {
            rabbit.send("", queue, message, confirm);
            CorrelationData.Confirm answer = confirm.getFuture().get(CONFIRM_TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
            if (!answer.ack()) {
                // The one refusal the bounded work queue makes (RabbitMQ's reject-publish).
                throw new TaskQueueFullException("queue " + queue + " is full: the broker refused " + what
                        + (answer.reason() == null ? "" : " (" + answer.reason() + ")"));
            }
            if (confirm.getReturned() != null) {
                throw new TaskPublishException("no queue " + queue + " for " + what + ": "
                        + confirm.getReturned().getReplyText());
            }
        }
        catch (AmqpException e) {
            throw new TaskPublishException("cannot reach the broker to queue " + what + ": " + e.getMessage(), e);
        }
        catch (TimeoutException e) {
            throw new TaskPublishException("no confirm from the broker within " + CONFIRM_TIMEOUT.toSeconds()
                    + " s for " + what, e);
        }
        catch (ExecutionException e) {
            throw new TaskPublishException("publishing " + what + " failed", e.getCause());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskPublishException("interrupted while queueing " + what, e);
        }
    }

    @Override
    public String roundTrip(String timestamp, Duration timeout) {
        TaskMessage task = TaskMessage.create(TaskNames.WORKER_HEALTH_CHECK, List.of(timestamp), clock.instant());
        RabbitTemplate rpc = new RabbitTemplate(connectionFactory);
        rpc.setUseDirectReplyToContainer(false);
        rpc.setUseTemporaryReplyQueues(true);
        rpc.setReplyTimeout(timeout.toMillis());
        Message request = MessageBuilder.withBody(TaskJson.write(task)).setContentType("application/json")
                .setMessageId(task.id()).build();
        try {
            Message reply = rpc.sendAndReceive("", topology.workQueue(), request);
            if (reply == null) {
                throw new TaskPublishException("no worker answered within " + timeout.toMillis() + " ms",
                        new TimeoutException("no reply within " + timeout.toMillis() + " ms"));
            }
            return new String(reply.getBody(), java.nio.charset.StandardCharsets.UTF_8);
        }
        catch (AmqpException e) {
            throw new TaskPublishException("cannot reach the broker: " + e.getMessage(), e);
        }
        finally {
            rpc.destroy();
        }
    }
}
