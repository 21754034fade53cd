package dev.stockpicker.api;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * One request's body: the reader permit it holds ({@link BodyReadGuard}), given back as soon as the whole body is
 * in; its deadline, checked at every read: a body trickled in byte by byte, each read inside Tomcat's read
 * timeout, is still cut off with 408 once the deadline has passed, so a body holds its thread at most the deadline
 * plus one read timeout; and its size cap, counted at every read: a chunked body, whose size nobody declared, is cut
 * off with 413 past it ({@link RequestSizeLimitFilter} refuses a declared length over the cap before any read).
 */
final class BodyRead {

    private final Semaphore readers;
    private final AtomicBoolean released = new AtomicBoolean();
    private final long deadline;
    private final Duration allowed;
    private final long maxBytes;
    private volatile boolean failed;

    BodyRead(Semaphore readers, Duration allowed, long maxBytes) {
        this.readers = readers;
        this.allowed = allowed;
        this.deadline = System.nanoTime() + allowed.toNanos();
        this.maxBytes = maxBytes;
    }

    HttpServletRequest wrap(HttpServletRequest request) {
        return new HttpServletRequestWrapper(request) {
            private ServletInputStream stream;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (stream == null) {
                    stream = new BodyStream(super.getInputStream(), request.getContentLengthLong());
                }
                return stream;
            }
        };
    }

    void release() {
        if (released.compareAndSet(false, true)) {
            readers.release();
        }
    }

    boolean pastDeadline() {
        return System.nanoTime() - deadline > 0;
    }

    /**
     * True when a read failed (timed out, cut off, or the client went away): nothing more is read from it. A body
     * over the cap has not failed: its rest may still be read and dropped.
     */
    boolean failed() {
        return failed;
    }

    private final class BodyStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long declared;
        private long read;

        BodyStream(ServletInputStream in, long declared) {
            this.in = in;
            this.declared = declared;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            check();
            int n;
            try {
                n = in.read(buffer, offset, length);
            }
            catch (IOException e) {
                failed = true;
                throw e;
            }
            if (n < 0) {
                release();
                return n;
            }
            read += n;
            if (read == declared) {
                release();
            }
            check();
            if (read > maxBytes) {
                throw new RequestTooLargeException(maxBytes);
            }
            return n;
        }

        private void check() throws RequestTimeoutException {
            if (pastDeadline() && !released.get()) {
                failed = true;
                throw new RequestTimeoutException(allowed);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
