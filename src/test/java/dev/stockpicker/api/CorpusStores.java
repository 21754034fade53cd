package dev.stockpicker.api;

import java.util.Set;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.stockpicker.support.Fixtures;
import dev.stockpicker.task.TaskTopology;

/**
 * What a bad request must not change: the tickers and quotes, the task queues, the context's Redis keys. Built
 * by hand, not imported: an import would give the test a context of its own.
 */
class CorpusStores {

    record Snapshot(String tickers, long queued, long deadLetters, Set<String> redisKeys) {
    }

    private final Fixtures fixtures;
    private final AmqpAdmin amqp;
    private final TaskTopology topology;
    private final StringRedisTemplate redis;
    private final String namespace;

    CorpusStores(Fixtures fixtures, AmqpAdmin amqp, TaskTopology topology, StringRedisTemplate redis,
            String namespace) {
        this.fixtures = fixtures;
        this.amqp = amqp;
        this.topology = topology;
        this.redis = redis;
        this.namespace = namespace;
    }

    Snapshot snapshot() {
        return new Snapshot(fixtures.fingerprint(), count(topology.workQueue()), count(topology.deadLetterQueue()),
                redis.keys(namespace + ":*"));
    }

    /** Takes back what requests that were wrongly accepted left: their tickers, queued tasks and task statuses. */
    void undo(Snapshot before) {
        fixtures.clear();
        amqp.purgeQueue(topology.workQueue(), false);
        Set<String> added = redis.keys(namespace + ":*");
        added.removeAll(before.redisKeys());
        if (!added.isEmpty()) {
            redis.delete(added);
        }
    }

    private long count(String queue) {
        QueueInformation information = amqp.getQueueInfo(queue);
        return information == null ? 0 : information.getMessageCount();
    }
}
