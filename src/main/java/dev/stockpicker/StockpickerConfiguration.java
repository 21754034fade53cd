package dev.stockpicker;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.stockpicker.analytics.MarketCalendar;

/** Shared infrastructure beans: time and the market calendar (replaceable in tests). */
@Configuration(proxyBeanMethods = false)
class StockpickerConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MarketCalendar marketCalendar() {
        return new MarketCalendar();
    }
}
