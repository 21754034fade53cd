package dev.stockpicker.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import org.springframework.context.annotation.Primary;

import dev.stockpicker.task.TaskMessage;
import dev.stockpicker.task.TaskPublisher;

/** Stands in for the broker and a worker: queues nothing, and answers round trips the way a test tells it to. */
@Primary
class ScriptedPublisher implements TaskPublisher {

    private volatile UnaryOperator<String> worker = UnaryOperator.identity();

    /** How the "worker" answers a timestamp: echo it (the default), answer something else, throw, or hang. */
    void worker(UnaryOperator<String> answer) {
        this.worker = answer;
    }

    void echo() {
        worker(UnaryOperator.identity());
    }

    @Override
    public TaskMessage publish(String name, List<String> args) {
        return TaskMessage.create(name, args, Instant.now());
    }

    @Override
    public String roundTrip(String timestamp, Duration timeout) {
        return worker.apply(timestamp);
    }
}
