package dev.stockpicker.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.stockpicker.support.MovableClock;

/** The counting and its memory bound, on a clock the test moves. */
class WindowCounterTest {

    final MovableClock clock = new MovableClock(Instant.parse("2026-01-05T10:00:00Z"));
    final WindowCounter counter = new WindowCounter(clock, Duration.ofMinutes(1), 3);

    @Test
    void aKeyIsCountedUntilItsWindowEnds() {
        assertThat(counter.add("a")).isEqualTo(1);
        assertThat(counter.add("a")).isEqualTo(2);
        assertThat(counter.retryAfterSeconds("a", 2)).isEqualTo(60);
        assertThat(counter.retryAfterSeconds("a", 3)).isZero();

        clock.advance(Duration.ofSeconds(45));
        assertThat(counter.retryAfterSeconds("a", 2)).isEqualTo(15);
        clock.advance(Duration.ofSeconds(15));
        assertThat(counter.retryAfterSeconds("a", 2)).isZero();
        assertThat(counter.add("a")).isEqualTo(1);
    }

    @Test
    void keysPastTheBoundShareOneOverflowWindowSoAFloodOfNewKeysIsStillLimited() {
        counter.add("a");
        counter.add("b");
        counter.add("c");
        for (int i = 0; i < 1000; i++) {
            counter.add("new-" + i);
        }

        assertThat(counter.size()).isEqualTo(4); // three keys and the overflow
        assertThat(counter.retryAfterSeconds("new-0", 1000)).isEqualTo(60);
        assertThat(counter.retryAfterSeconds("someone-else", 1000)).isEqualTo(60);
        assertThat(counter.retryAfterSeconds("a", 1)).isEqualTo(60);

        // once the windows have ended, a new key has room of its own again
        clock.advance(Duration.ofSeconds(60));
        assertThat(counter.add("d")).isEqualTo(1);
        assertThat(counter.retryAfterSeconds("new-0", 1)).isZero();
        assertThat(counter.size()).isEqualTo(1);
    }
}
