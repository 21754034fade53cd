package dev.stockpicker.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.annotation.Primary;

import dev.stockpicker.task.TaskMessage;
import dev.stockpicker.task.TaskPublisher;

/** Records what would have been queued; {@code @Import} it to stand in for the broker. */
@Primary
public class RecordingPublisher implements TaskPublisher {

    private final List<TaskMessage> published = new CopyOnWriteArrayList<>();

    @Override
    public TaskMessage publish(String name, List<String> args) {
        TaskMessage task = TaskMessage.create(name, args, Instant.now());
        published.add(task);
        return task;
    }

    @Override
    public String roundTrip(String timestamp, Duration timeout) {
        return timestamp;
    }

    public List<String> names() {
        return published.stream().map(TaskMessage::name).toList();
    }

    public int count() {
        return published.size();
    }
}
