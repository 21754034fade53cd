package dev.stockpicker.task;

import org.springframework.test.context.ContextConfiguration;

import dev.stockpicker.support.EmbeddedBroker;

/**
 * Every task test of {@link TaskWorkerTest} (ack after the work, retries with back-off, dead letters, requeueing a
 * dead letter, the health round trip) again, on the zero-setup mode's embedded broker (Qpid Broker-J) instead of
 * RabbitMQ: the same worker and publisher code, only the retry queues' declared arguments differ.
 */
@ContextConfiguration(initializers = EmbeddedBroker.class)
class TaskWorkerOnEmbeddedBrokerTest extends TaskWorkerTest {

    @Override
    TaskTopology.Broker expectedBroker() {
        return TaskTopology.Broker.QPID;
    }
}
