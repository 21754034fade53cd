package dev.stockpicker.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what real clients refuse to send: paths with {@code //}, {@code %2F} or
 * {@code %2e%2e} as they are, or a forged Host header. The answer is read until the server closes.
 */
public final class RawHttp {

    private RawHttp() {
    }

    public record Answer(int status, Map<String, String> headers, String body) {
        /** A header by its lower-case name, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public static Answer get(int port, String rawPath) {
        return send(port, "GET " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
    }

    /** {@code head} is the request line and headers, each ending with CRLF; the connection is closed after. */
    public static Answer send(int port, String head) {
        return send(port, head, "");
    }

    /** The same with a body (give its Content-Length in {@code head}). */
    public static Answer send(int port, String head, String body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return send(socket, head, body);
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same from another loopback address ({@code 127.0.0.2}, say): another client to the app. */
    public static Answer sendFrom(String localAddress, int port, String head, String body) {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(localAddress),
                0)) {
            return send(socket, head, body);
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Answer send(Socket socket, String head, String body) throws IOException {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write((head + "Connection: close\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return parse(readAll(socket.getInputStream()));
    }

    /**
     * Sends {@code request} byte for byte (nothing added: give it {@code Connection: close}) and reads until the server
     * closes or {@code timeoutMillis} pass without a byte. An answer that is not HTTP (the server closed without one)
     * is status 0 with what came as the body.
     */
    public static Answer exchange(int port, byte[] request, int timeoutMillis) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            socket.shutdownOutput(); // a cut-off body or chunk ends here rather than at the server's time-out
            String raw = readUntilClosed(socket.getInputStream());
            while (raw.startsWith("HTTP/1.1 1") && raw.contains("\r\n\r\n")) { // 100 Continue: the answer follows
                raw = raw.substring(raw.indexOf("\r\n\r\n") + 4);
            }
            if (!raw.startsWith("HTTP/") || !raw.contains("\r\n\r\n")) {
                return new Answer(0, Map.of(), raw);
            }
            try {
                return parse(raw);
            }
            catch (RuntimeException e) { // a malformed chunked body, say
                return new Answer(0, Map.of(), raw);
            }
        }
        catch (IOException e) {
            return new Answer(0, Map.of(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** What came before the close, a reset or the time-out: a server may reset after its answer to a bad request. */
    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0;) {
                bytes.write(buffer, 0, n);
            }
        }
        catch (IOException e) {
            if (bytes.size() == 0) {
                throw e;
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.ISO_8859_1); // one char a byte: chunk sizes count bytes
    }

    private static Answer parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        String body = raw.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Answer(status, headers,
                new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
