package dev.stockpicker.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The RabbitMQ CLI of the test broker, for what AMQP cannot tell: a quorum queue's dead-lettered messages that wait
 * for at-least-once delivery are in {@code rabbitmqctl list_queues}' {@code messages}, but in no AMQP queue count.
 * Present only where the tests run beside the broker's node (this machine); absent in the containers.
 */
public final class RabbitmqCtl {

    /** One queue as rabbitmqctl lists it. */
    public record QueueCounts(long messages, long ready) {
    }

    private RabbitmqCtl() {
    }

    /** The queues of the test vhost by name, or empty when rabbitmqctl is missing or cannot reach a node. */
    public static Optional<Map<String, QueueCounts>> queues() {
        Process process;
        try {
            process = new ProcessBuilder("rabbitmqctl", "-s", "list_queues", "-p", TestServices.vhost(), "name",
                    "messages", "messages_ready").redirectErrorStream(true).start();
        }
        catch (IOException e) {
            return Optional.empty();
        }
        try {
            // Each call boots an Erlang VM: seconds on a busy machine.
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            Map<String, QueueCounts> queues = new HashMap<>();
            for (String line : out.split("\n")) {
                String[] fields = line.trim().split("\t");
                if (fields.length == 3 && fields[1].matches("\\d+") && fields[2].matches("\\d+")) {
                    queues.put(fields[0], new QueueCounts(Long.parseLong(fields[1]), Long.parseLong(fields[2])));
                }
            }
            return Optional.of(queues);
        }
        catch (IOException e) {
            return Optional.empty();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        finally {
            process.destroy();
        }
    }
}
