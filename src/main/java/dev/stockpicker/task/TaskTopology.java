package dev.stockpicker.task;

import java.io.IOException;
import java.util.LinkedHashMap;
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
 * Upgrades: a work queue declared by an older version has no bound, and a broker refuses to redeclare a queue with
 * other arguments. Then the existing queue is kept as it is (nothing is lost, the tasks keep flowing) and an error
 * says how to bound it: a RabbitMQ policy, or deleting the queue while it is empty so that it is declared anew.
 * Broker-J's memory store starts empty at every start of the zero-setup mode, so no queue there predates the bound.
 * <p>
 * Not covered: a retry that comes back from its delay queue is dead-lettered by the broker, not published, so if the
 * work queue is full at that moment no confirm can nack it (RabbitMQ's dead-lettering is at most once). The default
 * bound is ten times what one refresh of MAX_TICKERS queues.
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
        /** RabbitMQ: message TTL and a dead-letter exchange route an expired message back to the work queue. */
        RABBITMQ,
        /** Apache Qpid Broker-J (the zero-setup mode): refuses RabbitMQ's x- arguments; has its own for the same. */
        QPID;

        public static Broker of(Map<String, Object> serverProperties) {
            Object product = serverProperties == null ? null : serverProperties.get("product");
            return product != null && product.toString().toLowerCase(java.util.Locale.ROOT).contains("qpid") ? QPID
                    : RABBITMQ;
        }

        /** The arguments of a queue that holds at most {@code maxLength} messages and refuses a publish past it. */
        Map<String, Object> boundedQueueArguments(int maxLength) {
            Map<String, Object> arguments = new LinkedHashMap<>();
            switch (this) {
                case RABBITMQ -> {
                    // reject-publish: a publish into a full queue is nacked (the publisher waits for its confirm)
                    arguments.put("x-max-length", maxLength);
                    arguments.put("x-overflow", "reject-publish");
                }
                case QPID -> {
                    arguments.put("maximumQueueDepthMessages", (long) maxLength);
                    arguments.put("overflowPolicy", "REJECT");
                }
            }
            return arguments;
        }

        /** The arguments of a delay queue whose messages go to {@code target} after {@code delayMillis}. */
        Map<String, Object> delayQueueArguments(long delayMillis, String target) {
            Map<String, Object> arguments = new LinkedHashMap<>();
            switch (this) {
                case RABBITMQ -> {
                    arguments.put("x-message-ttl", (int) delayMillis);
                    arguments.put("x-dead-letter-exchange", "");
                    arguments.put("x-dead-letter-routing-key", target);
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

        public Broker broker() {
            return broker;
        }

        /** False when the work queue predates the bound and was kept without it (see the class comment). */
        public boolean workQueueBounded() {
            return workQueueBounded;
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
                try (Channel channel = connection.createChannel(false)) {
                    for (int failed = 1; failed < properties.maxAttempts(); failed++) {
                        channel.queueDeclare(retryQueue(failed), true, false, false,
                                reported.delayQueueArguments(properties.retryDelay(failed).toMillis(), workQueue()));
                    }
                }
            }
            catch (IOException | TimeoutException e) {
                throw RabbitExceptionTranslator.convertRabbitAccessException(e);
            }
        }

        /** True when the work queue has its bound; an existing queue without one is kept as it is, with an error. */
        private boolean declareWorkQueue(Connection connection, Broker reported) throws IOException, TimeoutException {
            Map<String, Object> bound = reported.boundedQueueArguments(properties.queueMaxLength());
            try (Channel channel = connection.createChannel(false)) {
                channel.queueDeclare(workQueue(), true, false, false, bound);
                return true;
            }
            catch (IOException e) {
                if (!isPreconditionFailed(e)) {
                    throw e;
                }
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

        private static boolean isPreconditionFailed(IOException e) {
            return e.getCause() instanceof com.rabbitmq.client.ShutdownSignalException signal
                    && signal.getReason() instanceof com.rabbitmq.client.AMQP.Channel.Close close
                    && close.getReplyCode() == com.rabbitmq.client.AMQP.PRECONDITION_FAILED;
        }
    }
}
