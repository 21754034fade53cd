package dev.stockpicker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.stockpicker.support.MovableClock;

/** The counting alone, on a clock the test moves. */
class LoginThrottleTest {

    final MovableClock clock = new MovableClock(Instant.parse("2026-01-05T10:00:00Z"));
    final LoginThrottle throttle = new LoginThrottle(clock, 5);

    @Test
    void theFifthFailureLocksTheClientOutUntilTheMinuteEnds() {
        for (int i = 1; i <= 4; i++) {
            assertThat(throttle.failed("10.0.0.1", "user" + i)).isFalse();
            assertThat(throttle.retryAfterSeconds("10.0.0.1", "someone")).isZero();
        }
        assertThat(throttle.failed("10.0.0.1", "user5")).isTrue();
        assertThat(throttle.retryAfterSeconds("10.0.0.1", "anyone")).isEqualTo(60);
        assertThat(throttle.retryAfterSeconds("10.0.0.2", "anyone")).isZero();

        clock.advance(Duration.ofSeconds(45));
        assertThat(throttle.retryAfterSeconds("10.0.0.1", "anyone")).isEqualTo(15);
        clock.advance(Duration.ofSeconds(15));
        assertThat(throttle.retryAfterSeconds("10.0.0.1", "anyone")).isZero();
    }

    @Test
    void fiveFailuresForOneUserFromManyClientsLockThatUserOut() {
        for (int i = 1; i <= 5; i++) {
            throttle.failed("10.0.0." + i, "admin");
        }
        assertThat(throttle.retryAfterSeconds("10.9.9.9", "admin")).isPositive();
        assertThat(throttle.retryAfterSeconds("10.9.9.9", "other")).isZero();
    }

    @Test
    void aSuccessClearsTheCounts() {
        for (int i = 1; i <= 4; i++) {
            throttle.failed("10.0.0.1", "admin");
        }
        throttle.succeeded("10.0.0.1", "admin");
        assertThat(throttle.failed("10.0.0.1", "admin")).isFalse();
    }
}
