package dev.stockpicker.task;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.support.RabbitExceptionTranslator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.rabbitmq.client.Channel;

/**
 * Every queue the tasks use, declared in one place. The dead-letter queue is a plain durable queue; the work queue is
 * bounded (TASK_QUEUE_MAX_LENGTH: a publish past it is refused, the publisher's confirm is a nack, never a silent
 * drop) and the retry delay queues must send an expired message back to the work queue: both carry broker-specific
 * arguments. The broker is the one the connection reports ({@link Broker#of}), so the same code runs on RabbitMQ and
 * on the embedded Qpid Broker-J of the zero-setup mode; this is the only place that knows the difference.
 * Publishing, consuming, acknowledging, retrying and dead-lettering are the same code on both.
 * <p>
 * A retry that comes back from its delay queue is dead-lettered by the broker, not published, so no confirm can nack
 * it when the work queue is full at that moment. On RabbitMQ (3.10 or later) the delay queues are therefore quorum
 * queues with at-least-once dead-lettering: the broker keeps an expired retry that the full work queue refused and
 * sends it again every {@code dead_letter_worker_publisher_confirm_timeout} (a rabbit application setting of
 * advanced.config; 180000 ms by default, so a retry can come back up to 3 minutes after room is made; lower it to
 * shorten that, at the price of a duplicate when a confirm is slower than that: tasks are idempotent). Meanwhile it
 * is in the delay queue's {@code messages} in rabbitmqctl list_queues (not in {@code messages_ready}, and in no AMQP
 * count). A classic delay queue dropped it (its dead-lettering is at most once).
 * <p>
 * Upgrades: a broker refuses to redeclare a queue with other arguments. A work queue declared by an older version has
 * no bound, and a delay queue declared by an older version is a classic queue (or has another delay). Then the
 * existing queue is kept as it is (nothing is lost, the tasks keep flowing) and an error says how to replace it: for
 * the work queue a RabbitMQ policy, or deleting it while it is empty; for a delay queue deleting it while it is empty,
 * with the workers stopped. Broker-J's memory store starts empty at every start of the zero-setup mode, so no queue
 * there predates this version.
 * <p>
 * Broker-J (10.1) cannot keep such a retry: it routes an expired message to the delay queue's alternate binding and
 * dequeues it whether or not the work queue took it, and a work queue with its own depth limit refuses it (the
 * overflow policies that never refuse would break the bound: producer flow control blocks publishers, ring drops the
 * oldest task). So on Broker-J the work queue has no broker-side bound: {@link AmqpTaskPublisher} refuses a new task
 * when the queue already holds the bound (a passive declare before each publish, on the broker inside the same JVM),
 * and retries always get in. The bound is then exact for one publisher and may be passed by as many tasks as publish
 * at the same moment; nothing is dropped.
 */
@Configuration(proxyBeanMethods = false)
public class TaskTopology {

    private static final Logger log = LoggerFactory.getLogger(TaskTopology.class);

    private final TaskProperties properties;

    TaskTopology(TaskProperties properties) {
        this.properties = properties;
    }

    public String workQueue() {
        return properties.queuePrefix() + "tasks";
    }

    /** The most tasks the work queue takes (TASK_QUEUE_MAX_LENGTH). */
    public int queueMaxLength() {
        return properties.queueMaxLength();
    }

    public String deadLetterQueue() {
        return properties.queuePrefix() + "tasks.dead";
    }

    /** The delay queue that holds a task after its {@code failedAttempt}-th failure. */
    public String retryQueue(int failedAttempt) {
        return properties.queuePrefix() + "tasks.retry." + failedAttempt;
    }

    @Bean
    Declarables taskQueues() {
        return new Declarables(QueueBuilder.durable(deadLetterQueue()).build());
    }

    /** Declares the work and retry queues on every new connection, before anyone can use it, for its broker. */
    @Bean
    BrokerQueues brokerQueues(ConnectionFactory connectionFactory) {
        BrokerQueues queues = new BrokerQueues();
        connectionFactory.addConnectionListener(queues);
        return queues;
    }

    /** The AMQP 0-9-1 brokers the tasks run on, told apart by the product name the server reports. */
    public enum Broker {
        /**
         * RabbitMQ: message TTL and a dead-letter exchange route an expired message back to the work queue; the delay
         * queues are quorum queues, whose at-least-once dead-lettering keeps a retry that the full work queue refuses.
         */
        RABBITMQ,
        /** Apache Qpid Broker-J (the zero-setup mode): refuses RabbitMQ's x- arguments; has its own for the same. */
        QPID;

        public static Broker of(Map<String, Object> serverProperties) {
            Object product = serverProperties == null ? null : serverProperties.get("product");
            return product != null && product.toString().toLowerCase(java.util.Locale.ROOT).contains("qpid") ? QPID
                    : RABBITMQ;
        }

        /**
         * The arguments of a queue that holds at most {@code maxLength} messages and refuses a publish past it (on
         * Broker-J none: {@link AmqpTaskPublisher} keeps its bound).
         */
        Map<String, Object> boundedQueueArguments(int maxLength) {
            Map<String, Object> arguments = new LinkedHashMap<>();
            switch (this) {
                case RABBITMQ -> {
                    // reject-publish: a publish into a full queue is nacked (the publisher waits for its confirm)
                    arguments.put("x-max-length", maxLength);
                    arguments.put("x-overflow", "reject-publish");
                }
                case QPID -> {
                    // None: Broker-J's own REJECT would also drop an expiring retry (see the class comment), so the
                    // publisher keeps the bound there.
                }
            }
            return arguments;
        }

        /** The arguments of a delay queue whose messages go to {@code target} after {@code delayMillis}. */
        Map<String, Object> delayQueueArguments(long delayMillis, String target) {
            Map<String, Object> arguments = new LinkedHashMap<>();
            switch (this) {
                case RABBITMQ -> {
                    arguments.put("x-queue-type", "quorum");
                    arguments.put("x-message-ttl", (int) delayMillis);
                    arguments.put("x-dead-letter-exchange", "");
                    arguments.put("x-dead-letter-routing-key", target);
                    // Resent until the work queue takes it, not dropped when it is full (RabbitMQ 3.10 and later);
                    // at-least-once needs reject-publish (the delay queue itself has no bound).
                    arguments.put("x-dead-letter-strategy", "at-least-once");
                    arguments.put("x-overflow", "reject-publish");
                }
                case QPID -> {
                    // Broker-J expires messages in its housekeeping (the embedded broker runs it every 100 ms).
                    arguments.put("maximumMessageTtl", delayMillis);
                    arguments.put("expiryPolicy", "ROUTE_TO_ALTERNATE");
                    arguments.put("alternateBinding", Map.of("destination", target));
                }
            }
            return arguments;
        }
    }

    /** The work and retry queues' declarer; {@link #broker()} says which topology the last connection got. */
    public final class BrokerQueues implements ConnectionListener {

        private volatile Broker broker;
        private volatile boolean workQueueBounded;
        private volatile boolean retryQueuesCurrent;

        public Broker broker() {
            return broker;
        }

        /** False when the work queue predates the bound and was kept without it (see the class comment). */
        public boolean workQueueBounded() {
            return workQueueBounded;
        }

        /** False when a retry delay queue predates this version's arguments and was kept (see the class comment). */
        public boolean retryQueuesCurrent() {
            return retryQueuesCurrent;
        }

        @Override
        public void onCreate(Connection connection) {
            Broker reported = Broker.of(connection.getDelegate().getServerProperties());
            if (reported != broker) {
                log.info("task queues use the {} topology", reported);
            }
            broker = reported;
            try {
                workQueueBounded = declareWorkQueue(connection, reported);
                retryQueuesCurrent = declareRetryQueues(connection, reported);
            }
            catch (IOException | TimeoutException e) {
                throw RabbitExceptionTranslator.convertRabbitAccessException(e);
            }
        }

        /** True when the work queue has its bound; an existing queue without one is kept as it is, with an error. */
        private boolean declareWorkQueue(Connection connection, Broker reported) throws IOException, TimeoutException {
            if (declare(connection, workQueue(), reported.boundedQueueArguments(properties.queueMaxLength()))) {
                return true;
            }
            try (Channel channel = connection.createChannel(false)) {
                long depth = channel.queueDeclarePassive(workQueue()).getMessageCount();
                log.error("task queue {} was declared without a length bound (by an older version; {} messages in it) "
                        + "and a broker cannot change a queue's arguments: it stays unbounded. To bound it to {}, "
                        + "on RabbitMQ: rabbitmqctl set_policy -p <vhost> --apply-to queues tasks-bound '^{}$' "
                        + "'{{\"max-length\":{},\"overflow\":\"reject-publish\"}}'; on any broker: stop the web "
                        + "processes and beat, let the workers empty it, delete it, and start again", workQueue(),
                        depth, properties.queueMaxLength(), java.util.regex.Pattern.quote(workQueue()),
                        properties.queueMaxLength());
                return false;
            }
        }

        /**
         * True when every delay queue has this version's arguments; one that exists with others (an older version's
         * classic queue, or another delay) is kept as it is and still delays retries, with one error for all of them.
         */
        private boolean declareRetryQueues(Connection connection, Broker reported)
                throws IOException, TimeoutException {
            List<String> kept = new ArrayList<>();
            for (int failed = 1; failed < properties.maxAttempts(); failed++) {
                if (!declare(connection, retryQueue(failed), reported.delayQueueArguments(
                        properties.retryDelay(failed).toMillis(), workQueue()))) {
                    kept.add(retryQueue(failed));
                }
            }
            if (kept.isEmpty()) {
                return true;
            }
            log.error("retry queues {} exist with other arguments (declared by an older version, or with another "
                    + "TASK_FIRST_RETRY_DELAY) and a broker cannot change a queue's arguments: they are kept as they "
                    + "are, and a retry that expires while the work queue {} is full may be dropped by the broker. "
                    + "To replace them: stop the workers (nothing else publishes retries), wait until they are empty "
                    + "(at most {} s; rabbitmqctl list_queues -p <vhost> name messages), delete them (rabbitmqctl "
                    + "delete_queue -p <vhost> --if-empty <name>), and start the workers again: they declare them "
                    + "anew", kept, workQueue(), properties.retryDelay(properties.maxAttempts() - 1).toSeconds());
            return false;
        }

        /** Declares a durable queue; false, with the queue kept as it is, when it exists with other arguments. */
        private static boolean declare(Connection connection, String queue, Map<String, Object> arguments)
                throws IOException, TimeoutException {
            try (Channel channel = connection.createChannel(false)) {
                channel.queueDeclare(queue, true, false, false, arguments);
                return true;
            }
            catch (IOException e) {
                if (!isPreconditionFailed(e)) {
                    throw e;
                }
                return false;
            }
        }

        private static boolean isPreconditionFailed(IOException e) {
            return e.getCause() instanceof com.rabbitmq.client.ShutdownSignalException signal
                    && signal.getReason() instanceof com.rabbitmq.client.AMQP.Channel.Close close
                    && close.getReplyCode() == com.rabbitmq.client.AMQP.PRECONDITION_FAILED;
        }
    }
}
