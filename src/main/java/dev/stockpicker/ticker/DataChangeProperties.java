package dev.stockpicker.ticker;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The web process's view of data changes ({@code stockpicker.data-changes.*}): how long a request waits for the
 * listening connection's round trip before it reads the database itself, and how often an idle listener checks its
 * connection (and reconnects after losing it).
 */
@ConfigurationProperties("stockpicker.data-changes")
record DataChangeProperties(Duration syncTimeout, Duration checkInterval) {
}
