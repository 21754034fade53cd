package dev.stockpicker.api;

import java.util.Set;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.stockpicker.support.Fixtures;
import dev.stockpicker.task.TaskTopology;

/**
 * What a bad request must not change: the tickers and quotes, the task queues, the context's Redis keys. Built
 * by hand from the test's context, not imported: an import would give the test a context of its own.
 */
class CorpusStores {

    record Snapshot(String tickers, long queued, long deadLetters, Set<String> redisKeys) {
    }

    private final Fixtures fixtures;
    private final AmqpAdmin amqp;
    private final TaskTopology topology;
    private final StringRedisTemplate redis;
    private final String namespace;

    private CorpusStores(ApplicationContext context) {
        this.fixtures = context.getBean(Fixtures.class);
        this.amqp = context.getBean(AmqpAdmin.class);
        this.topology = context.getBean(TaskTopology.class);
        this.redis = context.getBean(StringRedisTemplate.class);
        this.namespace = context.getEnvironment().getRequiredProperty("stockpicker.redis-namespace");
    }

    static CorpusStores of(ApplicationContext context) {
        return new CorpusStores(context);
    }

    /** No tickers but TEST: a valid body's symbol exists, so only the badness of a request can refuse it. */
    void prepare() {
        fixtures.clear();
        fixtures.ticker("TEST");
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
