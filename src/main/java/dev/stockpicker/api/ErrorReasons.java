package dev.stockpicker.api;

import java.util.Locale;

import org.springframework.http.HttpStatus;

/** A reason for a bare status (a firewall's or Tomcat's refusal): fixed words, never what the client sent. */
final class ErrorReasons {

    private ErrorReasons() {
    }

    /**
     * The status to answer with. Tomcat says 501 to a transfer coding or a method it does not implement (CONNECT) and
     * 505 to an HTTP version it does not speak: both are the client's mistake, and a 5xx would read as the server's
     * fault on every dashboard; they are a 400 with their own reason.
     */
    static int clientStatus(int status) {
        return status == 501 || status == 505 ? 400 : status;
    }

    /** The reason for {@code status} as Tomcat or the servlet set it, before {@link #clientStatus}. */
    static String of(int status) {
        return switch (status) {
            case 400 -> "bad request: the path or the headers are not allowed";
            case 501 -> "bad request: the method or the transfer coding is not supported";
            case 505 -> "bad request: the HTTP version is not supported";
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
