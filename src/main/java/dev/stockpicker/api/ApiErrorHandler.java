package dev.stockpicker.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import dev.stockpicker.ticker.Symbols.InvalidSymbolException;

/**
 * Every failure of the JSON API becomes {@code {"success": false, "error": "<reason>"}} with a 4xx status (or 503
 * when a service is down): never an HTML page or a stack trace. The one writer of that body: the size limit, a
 * filter outside Spring MVC, hands its refusal here too; {@link ErrorJsonController} writes what reaches
 * {@code /error} through it, and {@link JsonErrorReportValve} copies its shape for what Tomcat refuses itself.
 */
@RestControllerAdvice
public class ApiErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiBodies.Error> api(ApiException e) {
        return error(e.status(), e.getMessage());
    }

    @ExceptionHandler(AddTickerRateLimit.RateLimitedException.class)
    ResponseEntity<ApiBodies.Error> rateLimited(AddTickerRateLimit.RateLimitedException e) {
        return ResponseEntity.status(e.status()).header("Retry-After", Long.toString(e.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_JSON).body(new ApiBodies.Error(e.getMessage()));
    }

    @ExceptionHandler(InvalidSymbolException.class)
    ResponseEntity<ApiBodies.Error> invalidSymbol(InvalidSymbolException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiBodies.Error> unreadable(HttpMessageNotReadableException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestTooLargeException tooLarge) {
                return tooLarge(tooLarge);
            }
            if (cause instanceof RequestTimeoutException timeout) {
                return timeout(timeout);
            }
        }
        return error(HttpStatus.BAD_REQUEST, "request body is not valid JSON");
    }

    @ExceptionHandler(RequestTooLargeException.class)
    ResponseEntity<ApiBodies.Error> tooLarge(RequestTooLargeException e) {
        return error(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler(RequestTimeoutException.class)
    ResponseEntity<ApiBodies.Error> timeout(RequestTimeoutException e) {
        return error(HttpStatus.REQUEST_TIMEOUT, e.getMessage());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiBodies.Error> method(HttpRequestMethodNotSupportedException e) {
        return error(HttpStatus.METHOD_NOT_ALLOWED, "method " + e.getMethod() + " not allowed");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiBodies.Error> contentType(HttpMediaTypeNotSupportedException e) {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "content type must be application/json");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ApiBodies.Error> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return error(HttpStatus.NOT_ACCEPTABLE, "this endpoint only answers application/json");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ApiBodies.Error> notFound(NoResourceFoundException e) {
        return error(HttpStatus.NOT_FOUND, "no such resource: /" + e.getResourcePath());
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ApiBodies.Error> database(DataAccessException e) {
        log.warn("database unavailable: {}", e.getMostSpecificCause().getMessage());
        return error(HttpStatus.SERVICE_UNAVAILABLE, "database unavailable, try again later");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiBodies.Error> unexpected(Exception e) {
        log.error("unexpected error", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
    }

    static ResponseEntity<ApiBodies.Error> error(HttpStatusCode status, String reason) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new ApiBodies.Error(reason));
    }
}
