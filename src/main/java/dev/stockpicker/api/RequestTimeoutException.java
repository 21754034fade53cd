package dev.stockpicker.api;

import java.io.IOException;
import java.time.Duration;

/** A request body that did not arrive within its deadline: answered 408, and the connection closes. */
class RequestTimeoutException extends IOException {
    RequestTimeoutException(Duration deadline) {
        super("request body not received within " + deadline.toMillis() + " ms");
    }
}
