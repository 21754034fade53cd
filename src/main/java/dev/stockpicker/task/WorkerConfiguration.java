package dev.stockpicker.task;

import java.time.Clock;
import java.util.List;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerEndpoint;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The worker's consumer, built like any Spring AMQP listener: a container factory with the task queue's rules
 * (manual late acks, prefetch 1, {@code WORKER_CONCURRENCY} consumers, 30 s to finish the current task on SIGTERM)
 * and a container for the work queue that the context starts and stops. Only the worker role loads this
 * ({@code dev.stockpicker.WorkerRole}).
 */
@Import({ UpdateTickerHandler.class, UpdateAllTickersHandler.class, WorkerHealthCheckHandler.class, NoopHandler.class })
public class WorkerConfiguration {

    @Bean
    SimpleRabbitListenerContainerFactory taskListenerContainerFactory(ConnectionFactory connectionFactory,
            TaskProperties properties) {
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        factory.setConnectionFactory(connectionFactory);
        factory.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        factory.setPrefetchCount(1);
        factory.setConcurrentConsumers(properties.workerConcurrency());
        factory.setDefaultRequeueRejected(false);
        factory.setMissingQueuesFatal(false);
        factory.setContainerCustomizer(container -> container.setShutdownTimeout(30_000));
        return factory;
    }

    @Bean
    SimpleMessageListenerContainer taskListenerContainer(
            @Qualifier("taskListenerContainerFactory") SimpleRabbitListenerContainerFactory factory,
            TaskTopology topology, TaskWorker worker) {
        SimpleRabbitListenerEndpoint endpoint = new SimpleRabbitListenerEndpoint();
        endpoint.setId("tasks");
        endpoint.setQueueNames(topology.workQueue());
        endpoint.setMessageListener(worker);
        return factory.createListenerContainer(endpoint);
    }

    @Bean
    TaskWorker taskWorker(List<TaskHandler> handlers, AmqpTaskPublisher publisher, RabbitTemplate rabbit,
            TaskTopology topology, TaskProperties properties, TaskStatusStore statuses, TaskMetrics metrics,
            Clock clock, @Value("${stockpicker.tasks.worker-name:}") String name) {
        return new TaskWorker(handlers, publisher, rabbit, topology, properties, statuses, metrics, clock, name);
    }

    @Bean
    WorkerHeartbeatLoop workerHeartbeatLoop(TaskWorker worker, WorkerHeartbeats heartbeats, TaskTopology topology,
            TaskProperties properties) {
        return new WorkerHeartbeatLoop(worker, heartbeats, topology, properties);
    }
}
