package dev.stockpicker.health;

import java.util.Set;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.stockpicker.task.TaskProperties;
import dev.stockpicker.task.TaskTopology;

/** Removes what a test context with its own queue prefix and Redis namespace left on the real broker and Redis. */
final class TestQueues {

    private TestQueues() {
    }

    static void delete(AmqpAdmin admin, TaskTopology topology, TaskProperties properties) {
        admin.deleteQueue(topology.workQueue());
        admin.deleteQueue(topology.deadLetterQueue());
        for (int failed = 1; failed < properties.maxAttempts(); failed++) {
            admin.deleteQueue(topology.retryQueue(failed));
        }
    }

    static void deleteKeys(StringRedisTemplate redis, String namespace) {
        Set<String> keys = redis.keys(namespace + ":*");
        if (keys != null && !keys.isEmpty()) {
            redis.delete(keys);
        }
    }
}
