package dev.stockpicker.support;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.stockpicker.task.TaskTopology;

/**
 * Gives a shared test context task queues and a Redis namespace of its own, so that other contexts of the run and
 * parallel builds on the same broker never share them, and deletes both when the context closes. Test classes in
 * such a context purge what they read at their start instead of deleting queues the context still uses.
 */
public class OwnTaskQueues implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String prefix = "test-ctx-" + UUID.randomUUID().toString().substring(0, 8);
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("own-task-queues",
                Map.of("stockpicker.tasks.queue-prefix", prefix + "-", "stockpicker.redis-namespace", prefix)));
    }

    /**
     * Deletes this context's queues and Redis keys when the context closes: after the worker (the highest phase) has
     * stopped consuming, before the Redis client (phase 0) shuts down. The test framework also stops a cached context
     * it pauses while another one runs: that stop keeps everything, the context starts again later.
     */
    public static class Cleanup implements SmartLifecycle, ApplicationListener<ContextClosedEvent> {

        private final AmqpAdmin admin;
        private final TaskTopology topology;
        private final StringRedisTemplate redis;
        private final String namespace;
        private final int maxAttempts;
        private volatile boolean running;
        private volatile boolean closing;

        public Cleanup(AmqpAdmin admin, TaskTopology topology, StringRedisTemplate redis, Environment environment) {
            this.admin = admin;
            this.topology = topology;
            this.redis = redis;
            this.namespace = environment.getRequiredProperty("stockpicker.redis-namespace");
            this.maxAttempts = environment.getRequiredProperty("stockpicker.tasks.max-attempts", Integer.class);
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void onApplicationEvent(ContextClosedEvent event) {
            closing = true;
        }

        @Override
        public void stop() {
            running = false;
            if (!closing) {
                return;
            }
            admin.deleteQueue(topology.workQueue());
            admin.deleteQueue(topology.deadLetterQueue());
            for (int failed = 1; failed < maxAttempts; failed++) {
                admin.deleteQueue(topology.retryQueue(failed));
            }
            Set<String> keys = redis.keys(namespace + ":*");
            if (keys != null && !keys.isEmpty()) {
                redis.delete(keys);
            }
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return Integer.MAX_VALUE - 1;
        }
    }
}
