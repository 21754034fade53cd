package dev.stockpicker.api;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits of the JSON API ({@code stockpicker.api.*}): {@code addtickerPerMinute} requests to add a ticker per client
 * and minute (then 429), and at most {@code maxTickers} tickers kept (adding one more: 409).
 */
@ConfigurationProperties("stockpicker.api")
public record ApiLimits(int addtickerPerMinute, int maxTickers) {

    public ApiLimits {
        if (addtickerPerMinute < 1 || maxTickers < 1) {
            throw new IllegalArgumentException("ADDTICKER_PER_MINUTE and MAX_TICKERS must be at least 1");
        }
    }
}
