package dev.stockpicker.task;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import com.rabbitmq.client.Channel;

/**
 * What the worker does when it cannot even queue a task's follow-up (the broker went away between the delivery and
 * the retry): it hands the message back after a back-off pause, never in a tight loop, and after the last hand-back
 * dead-letters it instead of cycling it for ever. A unit test: the broker's side is stubbed.
 */
class TaskWorkerHandBackTest {

    final TaskProperties properties = new TaskProperties(1, 3, Duration.ofMillis(1), Duration.ofSeconds(15), "", 10_000);
    final TaskTopology topology = new TaskTopology(properties);
    final AmqpTaskPublisher publisher = mock(AmqpTaskPublisher.class);
    final Channel channel = mock(Channel.class);
    final TaskHandler failing = new TaskHandler() {
        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public String handle(TaskMessage task) {
            throw new IllegalStateException("the source is down");
        }
    };
    final TaskWorker worker = new TaskWorker(List.of(failing), publisher, mock(RabbitTemplate.class), topology,
            properties, mock(TaskStatusStore.class), mock(TaskMetrics.class), Clock.systemUTC(), "");

    @Test
    void aFollowUpThatCannotBeQueuedIsHandedBackThenDeadLetteredAfterTheLastTime() throws Exception {
        doThrow(new TaskPublishException("cannot reach the broker")).when(publisher)
                .send(eq(topology.retryQueue(1)), any(), anyMap());
        TaskMessage task = TaskMessage.create("flaky", List.of(), Instant.now());
        Message message = MessageBuilder.withBody(TaskJson.write(task)).setMessageId(task.id()).build();

        for (int delivery = 1; delivery <= TaskWorker.MAX_HANDBACKS; delivery++) {
            worker.onMessage(message, channel);
        }

        InOrder order = inOrder(channel, publisher);
        order.verify(channel, times(TaskWorker.MAX_HANDBACKS - 1)).basicNack(0L, false, true);
        order.verify(publisher).sendConfirmed(eq(topology.deadLetterQueue()), any(Message.class), anyString());
        order.verify(channel).basicAck(0L, false);
    }

    @Test
    void aMessageThatIsNotATaskIsDeadLetteredAtOnceNeverHandedBack() throws Exception {
        worker.onMessage(MessageBuilder.withBody("{not json".getBytes()).build(), channel);

        verify(publisher).sendConfirmed(eq(topology.deadLetterQueue()), any(Message.class), anyString());
        verify(channel).basicAck(0L, false);
        verify(channel, never()).basicNack(0L, false, true);
    }
}
