package dev.stockpicker.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Semaphore;

import jakarta.servlet.ServletException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request bodies within a budget of threads. Reading a body blocks a request thread for as long as the client takes
 * to send it, so at most {@code bodyReaders} requests at a time may do so; one more is refused 503 at once (its
 * connection closed, nothing read), and stalled uploads can never hold every thread. Each body must arrive within
 * the deadline and stay within MAX_REQUEST_BYTES ({@link BodyRead}: 408 or 413 past them). What the application left unread, typically a body refused 413, is
 * read and dropped here, still within the budget and the deadline, up to {@code maxRefusedBody}: a client that sends
 * its whole body before reading then gets its answer instead of a reset; past that size the connection closes.
 * An engine valve: it runs before Spring Security and every filter, and sees every request with a body.
 */
class BodyReadGuard extends ValveBase {

    private static final Logger log = LoggerFactory.getLogger(BodyReadGuard.class);

    /** Tomcat's own bound (its default maxSwallowSize) on the unread body it drops after an answer. */
    private static final long TOMCAT_SWALLOW_BYTES = 2L * 1024 * 1024;

    private final Semaphore readers;
    private final HttpLimits limits;
    private final long maxBodyBytes;

    BodyReadGuard(HttpLimits limits, long maxBodyBytes) {
        super(true);
        this.limits = limits;
        this.maxBodyBytes = maxBodyBytes;
        this.readers = new Semaphore(limits.bodyReaders());
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        long length;
        try {
            length = request.getContentLengthLong();
        }
        catch (IllegalArgumentException e) {
            // Two values, a sign, a list, not a number: Tomcat will not parse it, so nobody can know where the body ends.
            response.setStatus(400);
            JsonErrorReportValve.write(response, "invalid Content-Length");
            close(request);
            return;
        }
        if (length <= 0 && request.getHeader("Transfer-Encoding") == null) {
            getNext().invoke(request, response);
            return;
        }
        if (!readers.tryAcquire()) {
            refuse(response);
            return;
        }
        BodyRead body = new BodyRead(readers, limits.bodyDeadline(), maxBodyBytes);
        try {
            request.setRequest(body.wrap(request.getRequest()));
            getNext().invoke(request, response);
            dropUnread(request, response, body);
        }
        finally {
            body.release();
        }
    }

    /** Every body reader is busy: 503 now, and the connection closes (Tomcat closes after a 503, reading nothing). */
    private void refuse(Response response) throws IOException {
        log.debug("request body refused: all {} body readers busy", limits.bodyReaders());
        response.setStatus(503);
        response.setHeader("Retry-After", "1");
        JsonErrorReportValve.write(response, "too many uploads in progress, try again later");
    }

    /** Reads and drops what the application did not read, within the deadline and the size bound; else closes. */
    private void dropUnread(Request request, Response response, BodyRead body) {
        org.apache.coyote.Request coyote = request.getCoyoteRequest();
        if (coyote.isFinished()) {
            return; // all read: the connection stays open for the next request, however long the answer took
        }
        long length = request.getContentLengthLong();
        if (length >= 0 && length <= TOMCAT_SWALLOW_BYTES && !body.failed() && coyote.getErrorException() == null) {
            return; // Tomcat reads and drops a small unread rest itself, keeping the connection open
        }
        if (coyote.hasExpectation() && coyote.getBytesRead() == 0) {
            close(request); // the client waits for "100 Continue" and has sent none of its body
            return;
        }
        if (body.failed() || coyote.getErrorException() != null
                || request.getContentLengthLong() > limits.maxRefusedBody().toBytes()) {
            close(request);
            return;
        }
        try {
            response.flushBuffer(); // a client that reads while it writes may stop sending now
            InputStream in = request.getStream();
            byte[] buffer = new byte[64 * 1024];
            long dropped = 0;
            while (dropped <= limits.maxRefusedBody().toBytes() && !body.pastDeadline()) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                dropped += n;
            }
        }
        catch (IOException | IllegalStateException e) {
            // the client went away or stalled: nothing more to read from it
        }
        close(request);
    }

    private static void close(Request request) {
        request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
    }
}
