package dev.stockpicker.api;

import java.io.IOException;

/** A request body over the configured cap; thrown while reading it, so nothing beyond the cap is buffered. */
class RequestTooLargeException extends IOException {
    RequestTooLargeException(long limit) {
        super("request body too large (limit " + limit + " bytes)");
    }
}
