package dev.stockpicker;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Profile;

import dev.stockpicker.metrics.MetricsServer;
import dev.stockpicker.task.WorkerConfiguration;

/**
 * Everything only the {@code worker} role builds: the task queue's listener container, the worker with its task
 * handlers and heartbeat ({@link WorkerConfiguration}), and the metrics port.
 */
@Configuration(proxyBeanMethods = false)
@Profile("worker")
@Import({ WorkerConfiguration.class, MetricsServer.class })
class WorkerRole {
}
