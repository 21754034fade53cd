package dev.stockpicker.task;

import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import dev.stockpicker.embedded.EmbeddedAmqpBroker;
import dev.stockpicker.support.EmbeddedBroker;

/**
 * {@link WorkerCrashIT} on the zero-setup mode's broker (Qpid Broker-J, in this test JVM): a worker process killed
 * mid-task leaves its unacknowledged task to the other worker, and SIGTERM lets a worker finish its task first.
 * Tagged for the unit-test container, which leaves it out (docker/unit-test/Dockerfile).
 */
@Tag("embedded-servers")
class WorkerCrashOnEmbeddedBrokerIT extends WorkerCrashIT {

    @Override
    String name() {
        return "crashq";
    }

    @Override
    CachingConnectionFactory connectionFactory() {
        CachingConnectionFactory factory = new CachingConnectionFactory("127.0.0.1", EmbeddedBroker.get().port());
        factory.setUsername(EmbeddedAmqpBroker.USER);
        factory.setPassword(EmbeddedAmqpBroker.PASSWORD);
        factory.setVirtualHost(EmbeddedAmqpBroker.VIRTUAL_HOST);
        return factory;
    }

    @Override
    Map<String, String> brokerEnvironment() {
        return Map.of("RABBITMQ_HOST", "127.0.0.1", "RABBITMQ_PORT", Integer.toString(EmbeddedBroker.get().port()),
                "RABBITMQ_DEFAULT_VHOST", EmbeddedAmqpBroker.VIRTUAL_HOST, "RABBITMQ_DEFAULT_USER",
                EmbeddedAmqpBroker.USER, "RABBITMQ_DEFAULT_PASS", EmbeddedAmqpBroker.PASSWORD);
    }
}
