package dev.stockpicker.outage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of a real service, so a test can take the service away from the app without
 * stopping the machine's server. {@link #cut()} closes the listener and every open connection (new connects are
 * refused, as with a stopped server); {@link #restore()} listens again on the same port.
 */
final class TcpProxy implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MS = 3_000;
    private static final int BUFFER = 16 * 1024;

    private final String name;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private ServerSocket listener;
    private Thread acceptor;
    private int port;

    private TcpProxy(String name, InetSocketAddress target) {
        this.name = name;
        this.target = target;
    }

    /** A proxy listening on a free loopback port, forwarding to {@code host:port}. */
    static TcpProxy start(String name, String host, int port) {
        TcpProxy proxy = new TcpProxy(name, new InetSocketAddress(host, port));
        proxy.listen(0);
        return proxy;
    }

    String name() {
        return name;
    }

    synchronized int port() {
        return port;
    }

    synchronized boolean isCut() {
        return listener == null;
    }

    /** The service is gone: connects are refused and every connection the app holds is closed under it. */
    synchronized void cut() {
        closeQuietly(listener);
        listener = null;
        // Java frees a socket that a thread is blocked accepting on only once that thread has left accept():
        // until then the kernel still completes handshakes, and a connect right after the cut would succeed.
        join(acceptor);
        acceptor = null;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /** The service is back, on the port the app was configured with. */
    synchronized void restore() {
        if (listener == null) {
            listen(port);
        }
    }

    @Override
    public void close() {
        cut();
    }

    private synchronized void listen(int wanted) {
        try {
            ServerSocket server = new ServerSocket();
            // The closed connections linger in TIME_WAIT: without this the same port could not be bound again.
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 64);
            listener = server;
            port = server.getLocalPort();
            acceptor = daemon(name + "-proxy-accept", () -> accept(server));
        }
        catch (IOException e) {
            throw new IllegalStateException("proxy " + name + " cannot listen on port " + wanted, e);
        }
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                daemon(name + "-proxy-connect", () -> connect(server, client));
            }
            catch (IOException closedByCut) {
                return;
            }
        }
    }

    private void connect(ServerSocket server, Socket client) {
        Socket upstream = new Socket();
        open.add(client);
        open.add(upstream);
        try {
            upstream.connect(target, CONNECT_TIMEOUT_MS);
        }
        catch (IOException e) {
            closeBoth(client, upstream);
            return;
        }
        // A cut while this connection was being set up must not leave it open.
        if (server.isClosed()) {
            closeBoth(client, upstream);
            return;
        }
        daemon(name + "-proxy-up", () -> pump(client, upstream));
        daemon(name + "-proxy-down", () -> pump(upstream, client));
    }

    /** Copies one direction until either side closes, then closes both (none of the protocols half-closes). */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0;) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }
        catch (IOException closed) {
            // the other direction, a cut or the peer closed it: nothing to report
        }
        finally {
            closeBoth(from, to);
        }
    }

    private void closeBoth(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
        open.remove(a);
        open.remove(b);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        }
        catch (Exception ignored) {
            // closing is best effort: the socket may be closed already
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread thread) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(5_000);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " proxy 127.0.0.1:" + port() + " -> " + target.getHostString() + ":" + target.getPort();
    }
}
