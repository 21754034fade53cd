package dev.stockpicker;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Profile;

import dev.stockpicker.beat.BeatConfiguration;
import dev.stockpicker.metrics.MetricsServer;
import dev.stockpicker.startup.StartupConfiguration;

/** Everything only the {@code beat} role builds: the scheduler, the stack's start-up and the metrics port. */
@Configuration(proxyBeanMethods = false)
@Profile("beat")
@Import({ BeatConfiguration.class, StartupConfiguration.class, MetricsServer.class })
class BeatRole {
}
