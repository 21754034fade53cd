package dev.stockpicker.admin;

import java.time.Clock;
import java.time.Duration;

import dev.stockpicker.throttle.WindowCounter;

/**
 * Failed admin logins counted per client address and per user name in one-minute windows: after {@code limit}
 * failures in a window, that client (or that user, from anywhere) is refused until the window ends. In memory: one
 * web process, one admin account; {@link WindowCounter} keeps the memory bounded.
 */
class LoginThrottle {

    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_KEYS = 10_000;

    private final int limit;
    private final WindowCounter failures;

    LoginThrottle(Clock clock, int limit) {
        this.limit = limit;
        this.failures = new WindowCounter(clock, WINDOW, MAX_KEYS);
    }

    /** Seconds until {@code client} or {@code user} may try again, or 0 when neither is locked out. */
    long retryAfterSeconds(String client, String user) {
        return Math.max(failures.retryAfterSeconds(key("client", client), limit),
                failures.retryAfterSeconds(key("user", user), limit));
    }

    /** Counts a failure; true when it is the one that locks the client or the user out. */
    boolean failed(String client, String user) {
        boolean clientLocked = failures.add(key("client", client)) == limit;
        boolean userLocked = failures.add(key("user", user)) == limit;
        return clientLocked || userLocked;
    }

    void succeeded(String client, String user) {
        failures.remove(key("client", client));
        failures.remove(key("user", user));
    }

    void clear() {
        failures.clear();
    }

    private static String key(String kind, String value) {
        return kind + ":" + (value == null ? "" : value);
    }
}
