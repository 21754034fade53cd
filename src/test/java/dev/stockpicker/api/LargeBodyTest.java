package dev.stockpicker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.stockpicker.support.DatabaseTest;

/**
 * A client that sends its whole body before it reads anything (no {@code Expect: 100-continue}) still reads the
 * 413 when the body is over the limit: the server reads and drops the rest of the body (up to
 * MAX_REFUSED_BODY_BYTES) instead of closing the connection under the client's writes.
 */
@DatabaseTest
class LargeBodyTest {

    static final int MB = 1024 * 1024;

    @LocalServerPort
    int port;

    @Test
    void aClientThatWrites33MegabytesBeforeReadingGetsA413Json() {
        String answer = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> sendWholeBodyThenRead("Content-Length: " + 33 * MB + "\r\n", body(33 * MB)));
        assertThat(answer).startsWith("HTTP/1.1 413 ");
        assertThat(answer).contains("{\"success\":false,\"error\":\"request body too large (limit 8192 bytes)\"}");
    }

    @Test
    void aChunkedBodyOfTheSameSizeGetsTheSame413() {
        byte[] chunk = body(MB);
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (int i = 0; i < 33; i++) {
            chunked.writeBytes((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            chunked.writeBytes(chunk);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        String answer = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> sendWholeBodyThenRead("Transfer-Encoding: chunked\r\n", chunked.toByteArray()));
        assertThat(answer).startsWith("HTTP/1.1 413 ");
        assertThat(answer).contains("\"success\":false");
    }

    private static byte[] body(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        return body;
    }

    private String sendWholeBodyThenRead(String framing, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /tickers/tickerdata/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + framing + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            // Read the answer up to the end of its body (the connection may stay open).
            for (int n; (n = in.read(buffer)) >= 0;) {
                answer.write(buffer, 0, n);
                if (answer.toString(StandardCharsets.ISO_8859_1).contains("}")) {
                    break;
                }
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
