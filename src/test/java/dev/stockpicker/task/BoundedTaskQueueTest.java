package dev.stockpicker.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import dev.stockpicker.embedded.EmbeddedAmqpBroker;
import dev.stockpicker.support.EmbeddedBroker;
import dev.stockpicker.support.TestServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The work queue is bounded on both brokers the tasks run on: a publish past the bound is refused (a nack, so the
 * publisher throws {@link TaskQueueFullException}) and never dropped in silence. A queue declared by an older
 * version without the bound is kept, unbounded, instead of failing every connection.
 */
class BoundedTaskQueueTest {

    static final int BOUND = 3;

    final String prefix = "test-bound-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    final TaskProperties properties = new TaskProperties(1, 2, Duration.ofSeconds(1), Duration.ofSeconds(15), prefix,
            BOUND);
    final TaskTopology topology = new TaskTopology(properties);
    CachingConnectionFactory connections;

    @AfterEach
    void deleteQueues() {
        RabbitAdmin admin = new RabbitAdmin(connections);
        admin.deleteQueue(topology.retryQueue(1)); // first: Broker-J keeps a queue another one routes to
        admin.deleteQueue(topology.workQueue());
        connections.destroy();
    }

    @ParameterizedTest
    @EnumSource(TaskTopology.Broker.class)
    void aTaskPastTheBoundIsRefusedAsQueueFullAndNothingIsDropped(TaskTopology.Broker broker) {
        AmqpTaskPublisher publisher = publisher(broker);
        for (int i = 0; i < BOUND; i++) {
            publisher.publish(TaskNames.UPDATE_TICKER, List.of("T" + i));
        }

        assertThatThrownBy(() -> publisher.publish(TaskNames.UPDATE_TICKER, List.of("ONEMORE")))
                .isInstanceOf(TaskQueueFullException.class).hasMessageContaining(topology.workQueue() + " is full");
        assertThat(queued()).isEqualTo(BOUND);
        assertThat(brokerQueues.broker()).isEqualTo(broker);
        assertThat(brokerQueues.workQueueBounded()).isTrue();
    }

    /**
     * RabbitMQ only: Broker-J's memory store starts empty at every start of the zero-setup mode, so no queue there
     * predates the bound (and Broker-J accepts a redeclaration with other arguments without a word).
     */
    @ParameterizedTest
    @EnumSource(value = TaskTopology.Broker.class, names = "RABBITMQ")
    void aWorkQueueDeclaredWithoutTheBoundIsKeptAndStillTakesTasks(TaskTopology.Broker broker) {
        connections = connections(broker);
        new RabbitAdmin(connections).declareQueue(new org.springframework.amqp.core.Queue(topology.workQueue()));
        AmqpTaskPublisher publisher = publisher(broker);

        for (int i = 0; i <= BOUND; i++) {
            publisher.publish(TaskNames.UPDATE_TICKER, List.of("T" + i));
        }

        assertThat(brokerQueues.workQueueBounded()).isFalse();
        assertThat(queued()).isEqualTo(BOUND + 1);
    }

    TaskTopology.BrokerQueues brokerQueues;

    private AmqpTaskPublisher publisher(TaskTopology.Broker broker) {
        if (connections == null) {
            connections = connections(broker);
        }
        brokerQueues = topology.brokerQueues(connections);
        RabbitTemplate rabbit = new RabbitTemplate(connections);
        return new AmqpTaskPublisher(rabbit, connections, topology, new NoStatuses(),
                new TaskMetrics(new SimpleMeterRegistry(), new RabbitAdmin(connections), topology), Clock.systemUTC());
    }

    private static CachingConnectionFactory connections(TaskTopology.Broker broker) {
        CachingConnectionFactory factory = switch (broker) {
            case RABBITMQ -> {
                CachingConnectionFactory rabbit = new CachingConnectionFactory(TestServices.rabbitHost(),
                        TestServices.rabbitPort());
                rabbit.setUsername(TestServices.rabbitUser());
                rabbit.setPassword(TestServices.rabbitPassword());
                rabbit.setVirtualHost(TestServices.vhost());
                yield rabbit;
            }
            case QPID -> {
                CachingConnectionFactory qpid = new CachingConnectionFactory("127.0.0.1", EmbeddedBroker.get().port());
                qpid.setUsername(EmbeddedAmqpBroker.USER);
                qpid.setPassword(EmbeddedAmqpBroker.PASSWORD);
                qpid.setVirtualHost(EmbeddedAmqpBroker.VIRTUAL_HOST);
                yield qpid;
            }
        };
        factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        factory.setPublisherReturns(true);
        return factory;
    }

    private long queued() {
        return new RabbitAdmin(connections).getQueueInfo(topology.workQueue()).getMessageCount();
    }

    /** The publisher stores a status per task; these tests look only at the queue. */
    private static final class NoStatuses implements TaskStatusStore {
        public void queued(TaskMessage task) {
        }

        public void running(TaskMessage task, String worker) {
        }

        public void retrying(TaskMessage task, String reason) {
        }

        public void done(TaskMessage task, String result, long durationMs) {
        }

        public void failed(TaskMessage task, String reason, long durationMs) {
        }

        public Optional<TaskStatus> find(String id) {
            return Optional.empty();
        }

        public List<TaskStatus> recent(int limit) {
            return List.of();
        }
    }
}
