package dev.stockpicker.admin;

import java.util.Set;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.stockpicker.task.TaskTopology;

/**
 * Admin tests run with their own queue prefix and Redis namespace (set in each class's properties), so that they
 * share nothing with other test classes or a running stack; this removes both afterwards.
 */
final class TaskIsolation {

    private TaskIsolation() {
    }

    static void cleanUp(AmqpAdmin amqp, TaskTopology topology, StringRedisTemplate redis, String namespace) {
        amqp.deleteQueue(topology.workQueue());
        amqp.deleteQueue(topology.deadLetterQueue());
        for (int failed = 1; failed < 10; failed++) {
            amqp.deleteQueue(topology.retryQueue(failed));
        }
        Set<String> keys = redis.keys(namespace + ":*");
        if (keys != null && !keys.isEmpty()) {
            redis.delete(keys);
        }
    }

    static void purge(AmqpAdmin amqp, TaskTopology topology) {
        amqp.purgeQueue(topology.workQueue(), false);
        amqp.purgeQueue(topology.deadLetterQueue(), false);
    }
}
