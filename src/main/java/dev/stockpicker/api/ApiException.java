package dev.stockpicker.api;

import org.springframework.http.HttpStatus;

/** A request the API refuses: the status and a reason that is safe to show to the caller. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;

    public ApiException(HttpStatus status, String reason) {
        super(reason);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
