package dev.stockpicker.support;

import java.nio.file.Files;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import dev.stockpicker.embedded.EmbeddedAmqpBroker;

/**
 * Points a test context at the zero-setup mode's in-JVM AMQP broker (Qpid Broker-J) instead of RabbitMQ: one broker
 * per test JVM, started on first use on an ephemeral port, gone when the JVM exits (no shutdown hook: it
 * must outlive the test contexts that close in theirs). Everything else (PostgreSQL,
 * Redis) stays as the test configures it, so a test class runs unchanged on either broker.
 */
public class EmbeddedBroker implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static EmbeddedAmqpBroker broker;

    public static synchronized EmbeddedAmqpBroker get() {
        if (broker == null) {
            try {
                broker = EmbeddedAmqpBroker.start(Files.createTempDirectory("qpid-test"));
            }
            catch (Exception e) {
                throw new IllegalStateException("cannot start the embedded AMQP broker", e);
            }
        }
        return broker;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("embedded-broker", Map.of(
                "spring.rabbitmq.host", "127.0.0.1", "spring.rabbitmq.port", get().port(),
                "spring.rabbitmq.virtual-host", EmbeddedAmqpBroker.VIRTUAL_HOST,
                "spring.rabbitmq.username", EmbeddedAmqpBroker.USER,
                "spring.rabbitmq.password", EmbeddedAmqpBroker.PASSWORD)));
    }
}
