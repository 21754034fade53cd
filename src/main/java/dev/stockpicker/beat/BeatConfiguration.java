package dev.stockpicker.beat;

import java.time.Clock;
import java.time.ZoneId;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.support.CronExpression;

import dev.stockpicker.startup.ProcessName;
import dev.stockpicker.task.RedisKeys;
import dev.stockpicker.task.TaskPublisher;

/** The beat role's scheduler (its start-up work is {@code startup.StartupConfiguration}). */
public class BeatConfiguration {

    @Bean
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
