package dev.stockpicker.quotes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class YahooChartPropertiesTest {

    @Test
    void defaultsToYahoosHostWithShortTimeoutsAndThreeAttempts() {
        YahooChartProperties defaults = YahooChartProperties.defaults();

        assertThat(defaults.baseUrl()).isEqualTo(URI.create("https://query2.finance.yahoo.com"));
        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(defaults.maxAttempts()).isEqualTo(3);
        assertThat(defaults.initialBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(defaults.userAgent()).startsWith("Mozilla/5.0");
    }

    @Test
    void bindsFromApplicationPropertiesKeepingDefaultsForTheRest() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
                "stockpicker.quotes.yahoo.base-url", "http://127.0.0.1:8089",
                "stockpicker.quotes.yahoo.request-timeout", "2s",
                "stockpicker.quotes.yahoo.max-attempts", "5")));

        YahooChartProperties bound = binder.bindOrCreate("stockpicker.quotes.yahoo", YahooChartProperties.class);

        assertThat(bound.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8089"));
        assertThat(bound.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(bound.maxAttempts()).isEqualTo(5);
        assertThat(bound.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(bound.initialBackoff()).isEqualTo(Duration.ofMillis(200));
    }

}
