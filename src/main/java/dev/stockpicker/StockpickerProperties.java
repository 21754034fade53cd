package dev.stockpicker;

import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The product's settings, bound from {@code stockpicker.*} (environment variables in application.properties). */
@ConfigurationProperties("stockpicker")
public record StockpickerProperties(String indexTicker, List<String> defaultTickers, int movingAverageWeeks,
        int weeksToDownload, String quoteSource, int maxRequestBytes) {

    public StockpickerProperties {
        indexTicker = indexTicker.trim().toUpperCase(Locale.ROOT);
        defaultTickers = defaultTickers.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .distinct().toList();
        if (movingAverageWeeks < 1 || weeksToDownload < 1) {
            throw new IllegalArgumentException("MOVING_AVERAGE_WEEKS and WEEKS_TO_DOWNLOAD must be positive");
        }
    }

    /** Index first, then the defaults in their configured order: what {@code load-tickers} creates. */
    public List<String> tickersToLoad() {
        var all = new java.util.ArrayList<String>();
        all.add(indexTicker);
        defaultTickers.stream().filter(s -> !s.equals(indexTicker)).forEach(all::add);
        return all;
    }
}
