package dev.stockpicker.beat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.annotation.Primary;

import dev.stockpicker.task.TaskMessage;
import dev.stockpicker.task.TaskPublisher;

/** Records what would have been queued; {@code @Import} it to stand in for the broker. */
@Primary
class RecordingPublisher implements TaskPublisher {

    private final List<TaskMessage> published = new CopyOnWriteArrayList<>();

    @Override
    public TaskMessage publish(String name, List<String> args) {
        TaskMessage task = TaskMessage.create(name, args);
        published.add(task);
        return task;
    }

    @Override
    public String roundTrip(String timestamp, Duration timeout) {
        return timestamp;
    }

    List<String> names() {
        return published.stream().map(TaskMessage::name).toList();
    }

    int count() {
        return published.size();
    }
}
