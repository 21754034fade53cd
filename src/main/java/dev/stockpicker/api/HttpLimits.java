package dev.stockpicker.api;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How the web process protects its request threads from slow clients ({@code stockpicker.http.*}): at most
 * {@code bodyReaders} requests at a time may wait for their body, each body must arrive within {@code bodyDeadline},
 * and a refused body is read and dropped up to {@code maxRefusedBody} so that the client can read the refusal.
 */
@ConfigurationProperties("stockpicker.http")
public record HttpLimits(int bodyReaders, Duration bodyDeadline, DataSize maxRefusedBody) {

    public HttpLimits {
        if (bodyReaders < 1 || bodyDeadline.isNegative() || bodyDeadline.isZero()) {
            throw new IllegalArgumentException("HTTP_BODY_READERS and HTTP_BODY_DEADLINE must be positive");
        }
    }
}
