package dev.stockpicker.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
import dev.stockpicker.support.RabbitmqCtl;
import dev.stockpicker.support.TestServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The work queue is bounded on both brokers the tasks run on: a publish past the bound is refused (RabbitMQ: a nack;
 * Broker-J: the publisher's own count), so the publisher throws {@link TaskQueueFullException}, and nothing is dropped
 * in silence. A retry that comes back from its delay queue while the work queue is full is kept by RabbitMQ (quorum
 * delay queues, at-least-once dead-lettering) and let in by Broker-J (no broker-side bound there). Queues declared by an older version (a work queue without the bound, classic delay queues)
 * are kept as they are instead of failing every connection.
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
        assertThat(brokerQueues.retryQueuesCurrent()).isTrue();
    }

    /**
     * The gap of the classic delay queues: their dead-lettering is at most once, so a retry that expires while the
     * work queue is full was dropped. A quorum delay queue keeps it (rabbitmqctl counts it; AMQP's counts do not) and
     * sends it again after dead_letter_worker_publisher_confirm_timeout (3 min by default: too long for this test;
     * ci/faults.sh queuefull makes room and waits for the round trip on a node of its own with a short one). Needs
     * rabbitmqctl on the test broker's node (skipped where there is none, as in the unit-test container).
     */
    @ParameterizedTest
    @EnumSource(value = TaskTopology.Broker.class, names = "RABBITMQ")
    void aRetryThatExpiresWhileTheWorkQueueIsFullIsKeptByTheBroker(TaskTopology.Broker broker)
            throws InterruptedException {
        AmqpTaskPublisher publisher = fullWorkQueue(broker);

        publisher.send(topology.retryQueue(1), TaskMessage.create(TaskNames.UPDATE_TICKER, List.of("RETRY"),
                Instant.now()), Map.of());
        awaitExpired(topology.retryQueue(1));

        assertThat(queued()).isEqualTo(BOUND);
        assumeTrue(RabbitmqCtl.queues().orElse(Map.of()).containsKey(topology.workQueue()),
                "rabbitmqctl reaches the test broker's node");
        // A quorum queue's counts reach rabbitmqctl at its Raft machine's tick (every 5 s by default): wait for one
        // after the expiry. A classic queue's are live: 0, and they stay 0.
        RabbitmqCtl.QueueCounts held = new RabbitmqCtl.QueueCounts(1, 0);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        RabbitmqCtl.QueueCounts counts = RabbitmqCtl.queues().orElseThrow().get(topology.retryQueue(1));
        while (!held.equals(counts) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            counts = RabbitmqCtl.queues().orElseThrow().get(topology.retryQueue(1));
        }
        assertThat(counts).as("the expired retry, held by the delay queue").isEqualTo(held);
        assertThat(queued()).isEqualTo(BOUND);
    }

    /**
     * Broker-J 10.1 dequeues an expired message whether or not its alternate binding took it, so there the work queue
     * has no broker-side bound (the publisher keeps it): a retry that expires while the queue holds the bound still
     * gets in, and a new task is still refused.
     */
    @ParameterizedTest
    @EnumSource(value = TaskTopology.Broker.class, names = "QPID")
    void onBrokerJARetryThatExpiresWhileTheWorkQueueIsFullStillGetsIn(TaskTopology.Broker broker) throws Exception {
        AmqpTaskPublisher publisher = fullWorkQueue(broker);

        publisher.send(topology.retryQueue(1), TaskMessage.create(TaskNames.UPDATE_TICKER, List.of("RETRY"),
                Instant.now()), Map.of());
        awaitExpired(topology.retryQueue(1));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (queued() == BOUND && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        assertThat(queued()).isEqualTo(BOUND + 1);
        assertThatThrownBy(() -> publisher.publish(TaskNames.UPDATE_TICKER, List.of("ONEMORE")))
                .isInstanceOf(TaskQueueFullException.class).hasMessageContaining(topology.workQueue() + " is full");
        RabbitTemplate rabbit = new RabbitTemplate(connections);
        List<String> bodies = new java.util.ArrayList<>();
        for (int i = 0; i <= BOUND; i++) {
            bodies.add(new String(rabbit.receive(topology.workQueue()).getBody(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(bodies).anyMatch(body -> body.contains("RETRY"));
    }

    /**
     * An older version's classic delay queue cannot be redeclared as a quorum queue: it is kept, with an error, and
     * still brings retries back to the work queue (with the old at-most-once dead-lettering).
     */
    @ParameterizedTest
    @EnumSource(value = TaskTopology.Broker.class, names = "RABBITMQ")
    void aRetryQueueDeclaredByAnOlderVersionIsKeptAndStillDelaysRetries(TaskTopology.Broker broker)
            throws InterruptedException {
        connections = connections(broker);
        new RabbitAdmin(connections).declareQueue(new org.springframework.amqp.core.Queue(topology.retryQueue(1), true,
                false, false, Map.of("x-message-ttl", 1000, "x-dead-letter-exchange", "", "x-dead-letter-routing-key",
                        topology.workQueue())));
        AmqpTaskPublisher publisher = publisher(broker);

        publisher.send(topology.retryQueue(1), TaskMessage.create(TaskNames.UPDATE_TICKER, List.of("RETRY"),
                Instant.now()), Map.of());

        assertThat(brokerQueues.retryQueuesCurrent()).isFalse();
        assertThat(brokerQueues.workQueueBounded()).isTrue();
        awaitExpired(topology.retryQueue(1));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (queued() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(queued()).isEqualTo(1);
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

    private AmqpTaskPublisher fullWorkQueue(TaskTopology.Broker broker) {
        AmqpTaskPublisher publisher = publisher(broker);
        for (int i = 0; i < BOUND; i++) {
            publisher.publish(TaskNames.UPDATE_TICKER, List.of("T" + i));
        }
        return publisher;
    }

    /** Waits (at most 10 s) until the delay queue has no message ready: its TTL has run out. */
    private void awaitExpired(String delayQueue) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (retriesWaiting() > 0) {
            assertThat(System.nanoTime()).as("%s expired within 10 s", delayQueue).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private long retriesWaiting() {
        return new RabbitAdmin(connections).getQueueInfo(topology.retryQueue(1)).getMessageCount();
    }

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
