package dev.stockpicker.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed admin logins counted per client address and per user name in one-minute windows: after {@code limit}
 * failures in a window, that client (or that user, from anywhere) is refused until the window ends. In memory: one
 * web process, one admin account; the map is swept of ended windows when it grows.
 */
class LoginThrottle {

    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int SWEEP_AT = 10_000;

    private final Clock clock;
    private final int limit;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    LoginThrottle(Clock clock, int limit) {
        this.clock = clock;
        this.limit = limit;
    }

    /** Seconds until {@code client} or {@code user} may try again, or 0 when neither is locked out. */
    long retryAfterSeconds(String client, String user) {
        long now = clock.millis();
        return Math.max(lockedFor(key("client", client), now), lockedFor(key("user", user), now));
    }

    /** Counts a failure; true when it is the one that locks the client or the user out. */
    boolean failed(String client, String user) {
        long now = clock.millis();
        if (windows.size() > SWEEP_AT) {
            windows.values().removeIf(w -> w.endsBefore(now));
        }
        boolean clientLocked = count(key("client", client), now) == limit;
        boolean userLocked = count(key("user", user), now) == limit;
        return clientLocked || userLocked;
    }

    void succeeded(String client, String user) {
        windows.remove(key("client", client));
        windows.remove(key("user", user));
    }

    void clear() {
        windows.clear();
    }

    private int count(String key, long now) {
        return windows.compute(key, (k, w) -> w == null || w.endsBefore(now) ? new Window(now, 1) : w.plusOne())
                .failures();
    }

    private long lockedFor(String key, long now) {
        Window w = windows.get(key);
        if (w == null || w.endsBefore(now) || w.failures() < limit) {
            return 0;
        }
        return Math.max(1, (w.start() + WINDOW.toMillis() - now + 999) / 1000);
    }

    private static String key(String kind, String value) {
        return kind + ":" + (value == null ? "" : value);
    }

    private record Window(long start, int failures) {
        boolean endsBefore(long now) {
            return now >= start + WINDOW.toMillis();
        }

        Window plusOne() {
            return new Window(start, failures + 1);
        }
    }
}
