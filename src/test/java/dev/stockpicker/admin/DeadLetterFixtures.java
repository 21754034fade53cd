package dev.stockpicker.admin;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import dev.stockpicker.task.TaskTopology;

/** Puts tasks into the dead-letter queue the way a worker leaves them there: the task, the reason, who failed it. */
final class DeadLetterFixtures {

    private DeadLetterFixtures() {
    }

    /** A dead {@code name(symbol)} task (no argument when symbol is null); returns its message id. */
    static String deadLetter(RabbitTemplate rabbit, TaskTopology topology, String name, String symbol,
            String reason) {
        String id = UUID.randomUUID().toString();
        String body = "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"args\":["
                + (symbol == null ? "" : "\"" + symbol + "\"") + "],\"attempt\":4,\"published_at\":\""
                + Instant.now() + "\"}";
        rabbit.send(topology.deadLetterQueue(), MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8))
                .setContentType("application/json").setMessageId(id).setHeader("x-failure-reason", reason)
                .setHeader("x-failed-by", "worker-a").build());
        return id;
    }
}
