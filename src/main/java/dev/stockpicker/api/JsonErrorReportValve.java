package dev.stockpicker.api;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import dev.stockpicker.page.SecurityHeadersFilter;

/**
 * Tomcat's own error report (a URI it refuses before any servlet: {@code %2F}, {@code %2e%2e} above the root, a bad
 * escape, a bad request line or header) as the API's JSON error with the security headers, instead of Tomcat's HTML
 * page; its 501 and 505 (see {@link ErrorReasons#clientStatus}) become a 400. Public with a no-argument
 * constructor: the host may create it from its class name.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setStatus(ErrorReasons.clientStatus(status));
            prepare(response);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json(ErrorReasons.of(status)));
                response.finishResponse();
            }
        }
        catch (IOException | IllegalStateException e) {
            // the client is gone or the answer was already started: nothing more to say
        }
    }

    /** The same JSON error for a valve that refuses a request itself (its status already set). */
    static void write(Response response, String reason) throws IOException {
        prepare(response);
        response.getWriter().write(json(reason));
        response.finishResponse();
    }

    private static void prepare(Response response) {
        SecurityHeadersFilter.apply(response);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
    }

    /** The reason is fixed text without quotes or backslashes: no escaping needed. */
    private static String json(String reason) {
        return "{\"success\":false,\"error\":\"" + reason + "\"}";
    }
}
