package dev.stockpicker.quotes;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.stockpicker.StockpickerProperties;
import dev.stockpicker.analytics.MarketCalendar;

/** Picks the quote source named by {@code QUOTE_SOURCE}: {@code sample} (offline, the default) or {@code yahoo}. */
@Configuration(proxyBeanMethods = false)
class QuoteSourceConfiguration {

    @Bean
    QuoteSource quoteSource(StockpickerProperties properties, YahooChartProperties yahoo, MarketCalendar calendar,
            @Value("${stockpicker.source-delay:0ms}") Duration delay) {
        QuoteSource source = switch (properties.quoteSource().trim().toLowerCase(java.util.Locale.ROOT)) {
            // The index is the sample market itself (beta 1), whatever INDEX_TICKER names it.
            case "sample" -> new SampleQuoteSource(calendar, java.util.Set.of(properties.indexTicker()));
            case "yahoo" -> new YahooChartQuoteSource(yahoo);
            default -> throw new IllegalArgumentException(
                    "QUOTE_SOURCE must be 'sample' or 'yahoo', not '" + properties.quoteSource() + "'");
        };
        return delay.isZero() ? source : new DelayedQuoteSource(source, delay);
    }
}
