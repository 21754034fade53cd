package dev.stockpicker.health;

import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The answer of one health check, in the reference's shape: {@code {"status": "healthy", ...extra}} or
 * {@code {"status": "unhealthy", "reason": "<what> (<Failure>)", "exception": "<short message>"}}. Unhealthy
 * answers 503 (the reference used 412) so that load balancers and probes see the failure.
 */
record CheckResult(boolean passed, Map<String, Object> body) {

    private static final int MAX_MESSAGE = 300;
    private static final Pattern QUALIFIED_CLASS = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][\\w$]*:?\\s*");
    private static final Pattern EXCEPTION_NAME = Pattern.compile("\\b[A-Z]\\w*(?:Exception|Error)\\b:?\\s*");
    private static final Pattern PATH = Pattern.compile("(?<![\\w.:])(?:/[\\w.-]+){2,}/?");

    static CheckResult healthy() {
        return new CheckResult(true, Map.of("status", "healthy"));
    }

    static CheckResult healthy(String key, long value) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "healthy");
        body.put(key, value);
        return new CheckResult(true, Collections.unmodifiableMap(body));
    }

    static CheckResult unhealthy(String what, Failure failure, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "unhealthy");
        body.put("reason", what + " (" + failure.word() + ")");
        body.put("exception", shorten(message));
        return new CheckResult(false, Collections.unmodifiableMap(body));
    }

    /** {@code what} failed with {@code e}: named by our {@link Failure} class of it, described by its most telling message. */
    static CheckResult failed(String what, Throwable e) {
        return unhealthy(what, Failure.of(e), message(e));
    }

    /**
     * The database driver's own words when the chain has them ("Connection to host:port refused", "relation ... does
     * not exist"): Spring's and the pool's wrappers say less, the socket's "Connection refused" names no address.
     */
    private static String message(Throwable e) {
        String message = e.getMessage();
        for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
            if (cause instanceof SQLException && cause.getMessage() != null) {
                message = cause.getMessage();
            }
        }
        return message == null ? "" : message;
    }

    ResponseEntity<Map<String, Object>> response() {
        return ResponseEntity.status(passed ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noStore()).body(body);
    }

    /**
     * One line, bounded, and nothing internal: JDBC and AMQP messages can carry SQL positions, hints, long chains,
     * Java class names ("java.net.ConnectException: Connection refused") and file paths; those go, the rest stays.
     */
    static String shorten(String message) {
        String line = message == null ? "" : message.strip().lines().findFirst().orElse("").strip();
        line = QUALIFIED_CLASS.matcher(line).replaceAll("");
        line = EXCEPTION_NAME.matcher(line).replaceAll("");
        line = PATH.matcher(line).replaceAll("[path]");
        line = line.replaceAll("\\s{2,}", " ").replaceAll("[:;,\\s]+$", "").strip();
        if (line.isEmpty()) {
            return "no details (see the log)";
        }
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "…";
    }
}
