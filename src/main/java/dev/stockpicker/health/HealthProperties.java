package dev.stockpicker.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The health checks' timings ({@code stockpicker.health.*}): the round trip waits as long as the reference's
 * {@code task.get(timeout=6)}, and every check answers within the deadline. Tests scale both down.
 */
@ConfigurationProperties("stockpicker.health")
record HealthProperties(Duration deadline, Duration roundTripTimeout) {
}
