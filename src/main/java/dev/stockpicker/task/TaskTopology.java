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
 * Every queue the tasks use, declared in one place. The work and dead-letter queues are plain durable queues; only
 * the retry delay queues carry broker-specific arguments: an expired message must go back to the work queue. The
 * broker is the one the connection reports ({@link Broker#of}), so the same code runs on RabbitMQ and on the
 * embedded Qpid Broker-J of the zero-setup mode; this is the only place that knows the difference. Publishing,
 * consuming, acknowledging, retrying and dead-lettering are the same code on both.
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
        return new Declarables(QueueBuilder.durable(workQueue()).build(),
                QueueBuilder.durable(deadLetterQueue()).build());
    }

    /** Declares the retry queues on every new connection, before anyone can use it, for the broker it reports. */
    @Bean
    RetryQueues retryQueues(ConnectionFactory connectionFactory) {
        RetryQueues retryQueues = new RetryQueues();
        connectionFactory.addConnectionListener(retryQueues);
        return retryQueues;
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

    /** The retry queues' declarer; {@link #broker()} says which topology the last connection got. */
    public final class RetryQueues implements ConnectionListener {

        private volatile Broker broker;

        public Broker broker() {
            return broker;
        }

        @Override
        public void onCreate(Connection connection) {
            Broker reported = Broker.of(connection.getDelegate().getServerProperties());
            if (reported != broker) {
                log.info("task queues use the {} topology", reported);
            }
            broker = reported;
            try (Channel channel = connection.createChannel(false)) {
                for (int failed = 1; failed < properties.maxAttempts(); failed++) {
                    channel.queueDeclare(retryQueue(failed), true, false, false,
                            reported.delayQueueArguments(properties.retryDelay(failed).toMillis(), workQueue()));
                }
            }
            catch (IOException | TimeoutException e) {
                throw RabbitExceptionTranslator.convertRabbitAccessException(e);
            }
        }
    }
}
