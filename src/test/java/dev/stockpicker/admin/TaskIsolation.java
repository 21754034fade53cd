package dev.stockpicker.admin;

import java.util.Set;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.stockpicker.task.TaskTopology;

/**
 * The admin tests share a context whose queues and Redis namespace are its own (see
 * {@link dev.stockpicker.support.OwnTaskQueues}, which deletes them when the context closes); this empties both, so
 * that a test starts from nothing whatever ran before it.
 */
final class TaskIsolation {

    private TaskIsolation() {
    }

    static void reset(AmqpAdmin amqp, TaskTopology topology, StringRedisTemplate redis, String namespace) {
        purge(amqp, topology);
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
