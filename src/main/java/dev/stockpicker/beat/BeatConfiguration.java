package dev.stockpicker.beat;

import java.time.Clock;
import java.time.ZoneId;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.support.CronExpression;

import dev.stockpicker.StockpickerProperties;
import dev.stockpicker.task.RedisKeys;
import dev.stockpicker.task.TaskPublisher;
import dev.stockpicker.ticker.TickerRepository;

/** The beat role's scheduler, and the start-up work that web processes and the beat share. */
@Configuration(proxyBeanMethods = false)
class BeatConfiguration {

    /** On unless {@code stockpicker.startup.enabled=false} (tests that need their own fixtures turn it off). */
    @Bean
    @Profile({ "web", "beat" })
    @ConditionalOnBooleanProperty(name = "stockpicker.startup.enabled", matchIfMissing = true)
    StackStartup stackStartup(TickerRepository tickers, StackEvents events, TaskPublisher publisher,
            StockpickerProperties properties, Environment environment) {
        String role = environment.acceptsProfiles(Profiles.of("beat")) ? "beat" : "web";
        return new StackStartup(tickers, events, publisher, properties, ProcessName.of(role));
    }

    @Bean
    @Profile("beat")
    Beat beat(@Value("${stockpicker.beat.cron}") String cron, @Value("${stockpicker.beat.zone}") String zone,
            Clock clock, StringRedisTemplate redis, RedisKeys keys, TaskPublisher publisher) {
        return new Beat(parse(cron), ZoneId.of(zone), clock, new TickClaims(redis, keys), publisher,
                ProcessName.of("beat"));
    }

    private static CronExpression parse(String cron) {
        try {
            return CronExpression.parse(cron);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("BEAT_CRON '" + cron + "' is not a 6-field cron expression "
                    + "(second minute hour day-of-month month day-of-week): " + e.getMessage(), e);
        }
    }
}
