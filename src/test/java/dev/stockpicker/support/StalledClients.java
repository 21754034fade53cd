package dev.stockpicker.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Many raw connections that each send the start of a request and then nothing more (a stalled upload or slow
 * headers), and what the server answered each of them: the status of its answer, or what happened instead.
 */
public final class StalledClients implements AutoCloseable {

    /**
     * What one stalled client got: an HTTP status, or -1 when the server closed without one, -2 when it stayed silent,
     * -3 when it could not connect.
     */
    public record Outcome(int status, String body, long millis) {
    }

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
    // One reader thread per client: a few hundred for a few seconds.
    private final ExecutorService readers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "stalled-client");
        thread.setDaemon(true);
        return thread;
    });

    private StalledClients() {
    }

    /**
     * Opens {@code count} connections at once (one thread each, so that they reach the server together even on a
     * busy machine); each writes {@code start} and stalls, and its answer is read for up to {@code wait}.
     */
    public static StalledClients open(int port, int count, String start, Duration wait) {
        StalledClients clients = new StalledClients();
        for (int i = 0; i < count; i++) {
            clients.outcomes.add(CompletableFuture.supplyAsync(() -> {
                try {
                    Socket socket = new Socket("127.0.0.1", port);
                    clients.sockets.add(socket);
                    socket.setSoTimeout((int) wait.toMillis());
                    socket.getOutputStream().write(start.getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                    return read(socket, System.nanoTime());
                }
                catch (IOException e) {
                    return new Outcome(-3, e.toString(), 0);
                }
            }, clients.readers));
        }
        return clients;
    }

    /** Sends more bytes on every connection (a body trickled in). */
    public void send(String more) {
        for (Socket socket : sockets) {
            try {
                socket.getOutputStream().write(more.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
            }
            catch (IOException e) {
                // the server has closed it: its outcome says how
            }
        }
    }

    /** Every outcome, waiting for each at most as long as its socket's read timeout. */
    public List<Outcome> outcomes() {
        return outcomes.stream().map(CompletableFuture::join).toList();
    }

    public long count(int status) {
        return outcomes().stream().filter(o -> o.status() == status).count();
    }

    /** True once at least {@code n} clients have an answer or saw the connection close, waiting up to {@code wait}. */
    public boolean awaitAnswered(int n, Duration wait) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        while (outcomes.stream().filter(CompletableFuture::isDone).count() < n) {
            if (System.nanoTime() > end) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return true;
    }

    private static Outcome read(Socket socket, long opened) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = socket.getInputStream()) {
            in.transferTo(bytes);
        }
        catch (SocketTimeoutException e) {
            return new Outcome(-2, bytes.toString(StandardCharsets.ISO_8859_1), elapsed(opened));
        }
        catch (IOException e) {
            // reset or closed by the test: whatever arrived before counts
        }
        String raw = bytes.toString(StandardCharsets.ISO_8859_1);
        if (!raw.startsWith("HTTP/1.1 ")) {
            return new Outcome(-1, raw, elapsed(opened));
        }
        int status = Integer.parseInt(raw.substring(9, 12));
        int bodyAt = raw.indexOf("\r\n\r\n");
        return new Outcome(status, bodyAt < 0 ? "" : raw.substring(bodyAt + 4), elapsed(opened));
    }

    private static long elapsed(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    @Override
    public void close() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            }
            catch (IOException e) {
                // already gone
            }
        }
        readers.shutdownNow();
    }
}
