package dev.stockpicker.startup;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

import dev.stockpicker.StockpickerProperties;
import dev.stockpicker.task.TaskPublisher;
import dev.stockpicker.ticker.TickerRepository;

/**
 * The stack's start-up work after the schema migration ({@link SchemaMigration}): the default tickers and the one
 * initial refresh, run by every web process and the beat (imported by {@code WebRole} and {@code BeatRole}).
 */
public class StartupConfiguration {

    /** On unless {@code stockpicker.startup.enabled=false} (tests that need their own fixtures turn it off). */
    @Bean
    @ConditionalOnBooleanProperty(name = "stockpicker.startup.enabled", matchIfMissing = true)
    StackStartup stackStartup(TickerRepository tickers, StackEvents events, TaskPublisher publisher,
            StockpickerProperties properties, Environment environment) {
        String role = environment.acceptsProfiles(Profiles.of("beat")) ? "beat" : "web";
        return new StackStartup(tickers, events, publisher, properties, ProcessName.of(role));
    }
}
