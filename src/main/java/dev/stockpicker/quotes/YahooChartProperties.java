package dev.stockpicker.quotes;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Knobs for {@link YahooChartQuoteSource}. Any value left {@code null} (or a non-positive attempt count) takes the
 * default, so {@code new YahooChartProperties(null, null, null, null, null, null)} is production-ready and tests only
 * set what they need (a local base URL, a tiny back-off).
 *
 * @param baseUrl scheme and host of the chart API, without a trailing path
 * @param connectTimeout TCP/TLS connect timeout
 * @param requestTimeout whole-request timeout, per attempt
 * @param maxAttempts attempts per fetch, including the first, before giving up with {@code UNAVAILABLE}
 * @param initialBackoff pause after the first failed attempt; doubled after each further one
 * @param userAgent sent on every request: Yahoo rejects requests without a browser-like one
 */
@ConfigurationProperties("stockpicker.quotes.yahoo")
public record YahooChartProperties(URI baseUrl, Duration connectTimeout, Duration requestTimeout, Integer maxAttempts,
        Duration initialBackoff, String userAgent) {

    public static final URI DEFAULT_BASE_URL = URI.create("https://query2.finance.yahoo.com");

    public static final String DEFAULT_USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

    public YahooChartProperties {
        baseUrl = baseUrl != null ? baseUrl : DEFAULT_BASE_URL;
        connectTimeout = connectTimeout != null ? connectTimeout : Duration.ofSeconds(5);
        requestTimeout = requestTimeout != null ? requestTimeout : Duration.ofSeconds(15);
        maxAttempts = maxAttempts != null && maxAttempts > 0 ? maxAttempts : 3;
        initialBackoff = initialBackoff != null ? initialBackoff : Duration.ofMillis(200);
        userAgent = userAgent != null && !userAgent.isBlank() ? userAgent : DEFAULT_USER_AGENT;
    }

    /** All defaults: Yahoo's real host, 5 s connect, 15 s request, 3 attempts, 200 ms back-off doubling. */
    public static YahooChartProperties defaults() {
        return new YahooChartProperties(null, null, null, null, null, null);
    }

}
