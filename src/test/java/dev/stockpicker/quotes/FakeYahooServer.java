package dev.stockpicker.quotes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback stand-in for Yahoo's chart host. Replies are served in the order queued; the last one repeats, so a
 * single queued 429 means "429 forever". Every request is recorded for assertions.
 */
final class FakeYahooServer implements AutoCloseable {

    record Reply(int status, String contentType, String body, Duration delay) {
    }

    record Seen(String method, URI uri, Headers headers) {
    }

    private final HttpServer server;

    private final ExecutorService executor = Executors.newCachedThreadPool();

    private final Deque<Reply> replies = new ArrayDeque<>();

    private final List<Seen> requests = new CopyOnWriteArrayList<>();

    private FakeYahooServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static FakeYahooServer start() {
        try {
            return new FakeYahooServer();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The text of a recorded response under {@code src/test/resources/yahoo-chart/}. */
    static String fixture(String name) {
        try (InputStream in = FakeYahooServer.class.getResourceAsStream("/yahoo-chart/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    FakeYahooServer reply(int status, String body) {
        return reply(new Reply(status, "application/json;charset=utf-8", body, Duration.ZERO));
    }

    FakeYahooServer replyFixture(int status, String fixtureName) {
        return reply(status, fixture(fixtureName));
    }

    synchronized FakeYahooServer reply(Reply reply) {
        replies.addLast(reply);
        return this;
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Seen> requests() {
        return List.copyOf(requests);
    }

    private synchronized Reply next() {
        return replies.size() > 1 ? replies.pollFirst() : replies.peekFirst();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI(), exchange.getRequestHeaders()));
            Reply reply = next();
            if (reply == null) {
                reply = new Reply(500, "text/plain", "no reply queued", Duration.ZERO);
            }
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay().toMillis());
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

}
