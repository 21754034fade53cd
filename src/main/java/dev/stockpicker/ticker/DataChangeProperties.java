package dev.stockpicker.ticker;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The web process's view of data changes ({@code stockpicker.data-changes.*}): how long a request waits for the
 * listening connection's round trip before it reads the database itself, how often an idle listener checks its
 * connection (and reconnects after losing it), and how far behind the database an answer may be for a client that
 * does not ask for a fresh one (zero: every request waits for its own round trip).
 */
@ConfigurationProperties("stockpicker.data-changes")
record DataChangeProperties(Duration syncTimeout, Duration checkInterval, Duration maxStaleness) {
}
