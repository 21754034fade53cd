package dev.stockpicker.api;

import java.util.Locale;

import org.springframework.http.HttpStatus;

/** A reason for a bare status (a firewall's or Tomcat's refusal): fixed words, never what the client sent. */
final class ErrorReasons {

    private ErrorReasons() {
    }

    static String of(int status) {
        return switch (status) {
            case 400 -> "bad request: the path or the headers are not allowed";
            case 404 -> "no such resource";
            case 413 -> "request too large";
            case 500 -> "internal error";
            default -> {
                HttpStatus known = HttpStatus.resolve(status);
                yield known == null ? "error " + status : known.getReasonPhrase().toLowerCase(Locale.ROOT);
            }
        };
    }
}
