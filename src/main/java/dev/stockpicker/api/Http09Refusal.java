package dev.stockpicker.api;

import java.io.IOException;
import java.lang.reflect.Field;

import jakarta.servlet.ServletException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.coyote.http11.Http11Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a request line without an HTTP version ({@code GET /tickers/tickerlist/}) with the JSON 400. Tomcat takes
 * such a request for HTTP/0.9, and its HTTP/1.1 processor then writes neither a status line nor headers, only the
 * bare body (the ticker list, the page, or an error without the security headers); no setting turns HTTP/0.9 off.
 * Worse, the processor keeps that mode when it is recycled: the next request on it whose request line does not even
 * parse is answered bare too. So for every request Tomcat left without a protocol (HTTP/0.9 or a request line that
 * did not parse), this switches the processor's private flag back to HTTP/1.1, by reflection since Tomcat offers no
 * other way; the answer then has its status line and headers. Should a Tomcat upgrade rename the flag, an HTTP/0.9
 * request's connection is closed with nothing sent instead (and a warning says so at start). An engine valve: it sees
 * every request, Tomcat's own refusals included, before Spring Security and the servlets.
 */
class Http09Refusal extends ValveBase {

    private static final Logger log = LoggerFactory.getLogger(Http09Refusal.class);

    static final String REASON = "bad request: the request line has no HTTP version";

    private static final Field HOOK = field(org.apache.coyote.Request.class, "hook");
    private static final Field HTTP09 = field(Http11Processor.class, "http09");

    Http09Refusal() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        String protocol = request.getProtocol(); // "" for HTTP/0.9, null when the request line did not parse
        if (protocol != null && !protocol.isEmpty()) {
            getNext().invoke(request, response);
            return;
        }
        boolean withHeaders = asHttp11(request.getCoyoteRequest());
        if (protocol == null) {
            getNext().invoke(request, response); // Tomcat's own 400 for the request line, reported as JSON
            return;
        }
        if (!withHeaders) {
            response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, null); // nothing rather than a bare body
            return;
        }
        if (response.isError()) {
            getNext().invoke(request, response); // Tomcat refused it already (its path): that 400, reported as JSON
            return;
        }
        response.setStatus(400);
        JsonErrorReportValve.write(response, REASON);
    }

    /** True when the processor now answers as HTTP/1.1 (status line and headers). */
    private static boolean asHttp11(org.apache.coyote.Request coyote) {
        try {
            if (HOOK == null || HTTP09 == null || !(HOOK.get(coyote) instanceof Http11Processor processor)) {
                return false;
            }
            HTTP09.setBoolean(processor, false);
            return true;
        }
        catch (IllegalAccessException e) {
            return false;
        }
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        }
        catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Tomcat's {}.{} is not there: requests without an HTTP version will be closed unanswered ({})",
                    owner.getSimpleName(), name, e.toString());
            return null;
        }
    }
}
