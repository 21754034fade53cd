package dev.stockpicker.api;

import java.time.Clock;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;

import dev.stockpicker.throttle.WindowCounter;

/**
 * Adding a ticker costs a download task, so each client may ask {@code addtickerPerMinute} times a minute; then 429
 * with Retry-After until its minute ends. The client is the connection's address: behind a reverse proxy that is the
 * proxy, unless FORWARD_HEADERS_STRATEGY=native and TRUSTED_PROXIES name it, when Tomcat takes the address from its
 * X-Forwarded-For (a header from anyone else is ignored, so a client cannot pick a fresh address per request).
 */
public class AddTickerRateLimit {

    private static final Logger log = LoggerFactory.getLogger(AddTickerRateLimit.class);
    private static final int MAX_CLIENTS = 10_000;

    private final int perMinute;
    private final WindowCounter requests;

    AddTickerRateLimit(ApiLimits limits, ObjectProvider<Clock> clock) {
        this.perMinute = limits.addtickerPerMinute();
        this.requests = new WindowCounter(clock.getIfAvailable(Clock::systemUTC), Duration.ofMinutes(1), MAX_CLIENTS);
    }

    /** Counts this request; throws 429 when its client has used up its minute. */
    void check(HttpServletRequest request) {
        String client = request.getRemoteAddr();
        int count = requests.add(client);
        if (count > perMinute) {
            long retryAfter = requests.retryAfterSeconds(client, perMinute);
            if (count == perMinute + 1) {
                log.warn("addticker: {} made more than {} requests this minute, refused for {} s", client, perMinute,
                        retryAfter);
            }
            throw new RateLimitedException("too many tickers added: at most " + perMinute
                    + " requests a minute, try again in " + retryAfter + " s", retryAfter);
        }
    }

    void clear() {
        requests.clear();
    }

    /** A 429: the reason and when to try again. */
    static final class RateLimitedException extends ApiException {
        private final long retryAfterSeconds;

        RateLimitedException(String reason, long retryAfterSeconds) {
            super(HttpStatus.TOO_MANY_REQUESTS, reason);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
