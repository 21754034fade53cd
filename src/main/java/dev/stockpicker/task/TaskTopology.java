package dev.stockpicker.task;

import java.util.ArrayList;
import java.util.List;

import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every queue the tasks use, declared in one place. The work and dead-letter queues are plain durable queues; only
 * the retry delay queues carry broker-specific arguments (RabbitMQ's message TTL and dead-letter exchange, which
 * route an expired message back to the work queue). An embedded broker with other names for those features replaces
 * just {@link #retryQueue}.
 */
@Configuration(proxyBeanMethods = false)
public class TaskTopology {

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
        List<Declarable> queues = new ArrayList<>();
        queues.add(QueueBuilder.durable(workQueue()).build());
        queues.add(QueueBuilder.durable(deadLetterQueue()).build());
        for (int failed = 1; failed < properties.maxAttempts(); failed++) {
            queues.add(retryQueue(failed, properties.retryDelay(failed).toMillis()));
        }
        return new Declarables(queues);
    }

    private Queue retryQueue(int failedAttempt, long delayMillis) {
        return QueueBuilder.durable(retryQueue(failedAttempt))
                .ttl((int) delayMillis)
                .deadLetterExchange("")
                .deadLetterRoutingKey(workQueue())
                .build();
    }
}
