package dev.stockpicker.task;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;

/**
 * The dead-letter queue as the tasks view sees it: list what is there (without consuming it) and requeue one task or
 * all of them onto the work queue as a fresh first attempt. Messages are fetched with basic.get on one channel and
 * the ones not requeued are given back (nack with requeue), so listing never loses a dead letter.
 */
@Component
public class DeadLetters {

    static final int MAX_LISTED = 200;

    private final RabbitTemplate rabbit;
    private final TaskTopology topology;
    private final AmqpTaskPublisher publisher;

    DeadLetters(RabbitTemplate rabbit, TaskTopology topology, AmqpTaskPublisher publisher) {
        this.rabbit = rabbit;
        this.topology = topology;
        this.publisher = publisher;
    }

    /** One dead letter: the task when it parses (else null) with its raw body, the reason and who failed it. */
    public record DeadLetter(String messageId, TaskMessage task, String body, String reason, String failedBy) {
    }

    public List<DeadLetter> list() {
        return visit(letter -> false).seen();
    }

    /** Requeues the dead letter with this message id as a new task; false when there is none. */
    public boolean requeue(String messageId) {
        return !visit(letter -> messageId.equals(letter.messageId())).requeued().isEmpty();
    }

    /** Requeues every dead letter that is a valid task; returns how many. Unparseable ones stay. */
    public int requeueAll() {
        return visit(letter -> true).requeued().size();
    }

    private record Visit(List<DeadLetter> seen, List<DeadLetter> requeued) {
    }

    /**
     * Walks the queue once on one channel. Letters that {@code requeue} selects (and that are tasks) are published to
     * the work queue as a new task and acknowledged; every other letter is given back to the dead-letter queue.
     * One walk at a time: a walk holds the letters it has seen until it ends, so a requeue running beside a listing
     * (the tasks view polls) would find the queue empty and say there is no such letter.
     */
    private synchronized Visit visit(Predicate<DeadLetter> requeue) {
        return rabbit.execute(channel -> {
            Visit visit = new Visit(new ArrayList<>(), new ArrayList<>());
            List<Long> giveBack = new ArrayList<>();
            try {
                for (int i = 0; i < MAX_LISTED; i++) {
                    GetResponse response = channel.basicGet(topology.deadLetterQueue(), false);
                    if (response == null) {
                        break;
                    }
                    long tag = response.getEnvelope().getDeliveryTag();
                    DeadLetter letter = read(response);
                    visit.seen().add(letter);
                    if (letter.task() != null && requeue.test(letter)) {
                        publisher.publish(letter.task().name(), letter.task().args());
                        channel.basicAck(tag, false);
                        visit.requeued().add(letter);
                    }
                    else {
                        giveBack.add(tag);
                    }
                }
            }
            finally {
                for (long tag : giveBack) {
                    nack(channel, tag);
                }
            }
            return visit;
        });
    }

    private static void nack(Channel channel, long tag) throws java.io.IOException {
        channel.basicNack(tag, false, true);
    }

    private static DeadLetter read(GetResponse response) {
        String body = new String(response.getBody(), StandardCharsets.UTF_8);
        var headers = response.getProps().getHeaders();
        String reason = headers == null || headers.get("x-failure-reason") == null ? null
                : headers.get("x-failure-reason").toString();
        String failedBy = headers == null || headers.get("x-failed-by") == null ? null
                : headers.get("x-failed-by").toString();
        TaskMessage task;
        try {
            task = TaskJson.read(response.getBody());
        }
        catch (IllegalArgumentException e) {
            task = null;
        }
        String id = response.getProps().getMessageId() != null ? response.getProps().getMessageId()
                : task != null ? task.id() : "delivery-" + response.getEnvelope().getDeliveryTag();
        return new DeadLetter(id, task, body, reason, failedBy);
    }
}
