package dev.stockpicker.throttle;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Events counted per key (a client address, a user name) in fixed windows that start at the key's first event, in
 * memory and bounded: at most {@code maxKeys} keys are kept. When the map is full, ended windows are swept; if every
 * window is still live, a new key is counted in one shared overflow window, so a flood of new keys is still limited
 * (together) and never remembered one by one. One web process: the counts are not shared between processes.
 */
public final class WindowCounter {

    static final String OVERFLOW = "\u0000overflow";

    private final Clock clock;
    private final long windowMillis;
    private final int maxKeys;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public WindowCounter(Clock clock, Duration window, int maxKeys) {
        this.clock = clock;
        this.windowMillis = window.toMillis();
        this.maxKeys = maxKeys;
    }

    /** Counts one event for {@code key}; returns the count in its window, this one included. */
    public int add(String key) {
        long now = clock.millis();
        String tracked = tracked(key, now);
        return windows.compute(tracked, (k, w) -> w == null || w.endsBefore(now) ? new Window(now + windowMillis, 1) : w.plusOne())
                .count();
    }

    /** Seconds until the window of {@code key} ends when it already holds {@code limit} events, else 0. */
    public long retryAfterSeconds(String key, int limit) {
        long now = clock.millis();
        Window w = windows.get(windows.containsKey(key) ? key : OVERFLOW);
        if (w == null || w.endsBefore(now) || w.count() < limit) {
            return 0;
        }
        return Math.max(1, (w.end() - now + 999) / 1000);
    }

    public void remove(String key) {
        windows.remove(key);
    }

    public void clear() {
        windows.clear();
    }

    int size() {
        return windows.size();
    }

    /** The key to count under: itself while there is room (after sweeping ended windows), else the overflow. */
    private String tracked(String key, long now) {
        if (windows.containsKey(key) || windows.size() < maxKeys) {
            return key;
        }
        windows.values().removeIf(w -> w.endsBefore(now));
        return windows.size() < maxKeys ? key : OVERFLOW;
    }

    private record Window(long end, int count) {
        boolean endsBefore(long now) {
            return now >= end;
        }

        Window plusOne() {
            return new Window(end, count + 1);
        }
    }
}
