package dev.stockpicker.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ConfigurableApplicationContext;

import dev.stockpicker.Application;
import dev.stockpicker.command.Role;

/**
 * The zero-setup mode: starts a real PostgreSQL, Redis and AMQP broker of its own, then the production roles in this
 * one process (web on SERVER_PORT, two workers, beat), each a Spring context of its own exactly as in its own
 * process; only the connection settings point at the embedded servers. Stops in reverse order: the roles first (web
 * drains, workers finish their task), then the servers, so no child process outlives it.
 */
public final class EmbeddedStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStack.class);

    /** The roles of the stack, started in this order: each is {@code java -jar stockpicker.jar <role>} in a box. */
    static final List<String> ROLES = List.of("worker-1", "worker-2", "beat", "web");

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private volatile boolean closed;

    private final EmbeddedSettings settings;

    public EmbeddedStack(EmbeddedSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts everything, or stops what it had started and throws: an {@link EmbeddedProblem} (one line for the user)
     * or another exception. {@link #close()} may run meanwhile (Ctrl-C during start): the start then stops.
     */
    public EmbeddedStack start(String... args) throws Exception {
        try {
            startAll(args);
            return this;
        }
        catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** Keeps a started server for {@link #close()}; stops it at once when the stack is closing already. */
    private synchronized <T extends AutoCloseable> T keep(T server) throws Exception {
        if (closed) {
            server.close();
            throw new EmbeddedProblem("stopped while starting");
        }
        started.push(server);
        return server;
    }

    private synchronized ConfigurableApplicationContext keep(ConfigurableApplicationContext context) {
        if (closed) {
            context.close();
            throw new EmbeddedProblem("stopped while starting");
        }
        contexts.add(context);
        return context;
    }

    private void startAll(String... args) throws Exception {
        long began = System.nanoTime();
        checkFree(settings.serverPort());
        Path data = Files.createDirectories(settings.dataDir());
        lock(data);
        Path logs = Files.createDirectories(data.resolve("logs"));
        Path bin = data.resolve("bin");
        log.info("zero-setup mode: data in {}", data);
        int postgresPort = freePort();
        int redisPort = freePort();
        int amqpPort = freePort();
        List<String> connection = List.of("--POSTGRES_HOST=127.0.0.1", "--POSTGRES_PORT=" + postgresPort,
                "--POSTGRES_DB=" + EmbeddedPostgresServer.DATABASE, "--POSTGRES_USER=" + EmbeddedPostgresServer.USER,
                "--POSTGRES_PASSWORD=", "--REDIS_HOST=127.0.0.1", "--REDIS_PORT=" + redisPort, "--REDIS_DB=0",
                "--RABBITMQ_HOST=127.0.0.1", "--RABBITMQ_PORT=" + amqpPort,
                "--RABBITMQ_DEFAULT_USER=" + EmbeddedAmqpBroker.USER,
                "--RABBITMQ_DEFAULT_PASS=" + EmbeddedAmqpBroker.PASSWORD,
                "--RABBITMQ_DEFAULT_VHOST=" + EmbeddedAmqpBroker.VIRTUAL_HOST,
                "--context.initializer.classes=" + ServersGate.class.getName());

        // The servers start side by side with the broker (PostgreSQL and Redis are processes of their own, the
        // broker is this JVM's), and so does the first role: its context reads its configuration meanwhile and waits for the
        // servers (ServersGate) only before it creates its beans, the first of which connect.
        CompletableFuture<Void> servers = new CompletableFuture<>();
        ServersGate.waitFor(servers);
        ExecutorService starter = Executors.newFixedThreadPool(3, r -> new Thread(r, "embedded-start"));
        try {
            Future<?> firstRole = starter.submit(() -> startRole(ROLES.get(0), connection, began, args));
            // Redis, then PostgreSQL, in one thread: each unpacks binaries and then runs them, and a binary that one
            // thread is still writing while another forks a process can fail to run ("text file busy").
            Future<?> processes = starter.submit(() -> {
                EmbeddedRedisServer redis = keep(EmbeddedRedisServer.start(data, bin.resolve("redis"),
                        logs.resolve("redis.log"), redisPort));
                log.info("Redis on 127.0.0.1:{} ({} ms)", redis.port(), millisSince(began));
                EmbeddedPostgresServer postgres = keep(EmbeddedPostgresServer.start(data, bin.resolve("postgres"),
                        logs.resolve("postgres.log"), postgresPort));
                log.info("PostgreSQL on 127.0.0.1:{}, data in {} ({} ms)", postgres.port(), data.resolve("postgres"),
                        millisSince(began));
                return null;
            });
            Exception failure = null;
            try {
                EmbeddedAmqpBroker broker = keep(EmbeddedAmqpBroker.start(data.resolve("broker"), amqpPort));
                log.info("AMQP broker (Qpid Broker-J) on 127.0.0.1:{} ({} ms)", broker.port(), millisSince(began));
            }
            catch (Exception e) {
                failure = e;
            }
            failure = awaitAll(failure, processes);
            if (failure != null) {
                servers.completeExceptionally(failure);
                awaitAll(null, firstRole);
                throw failure;
            }
            servers.complete(null);
            failure = awaitAll(null, firstRole);
            if (failure != null) {
                throw failure;
            }
            // The other three roles side by side: most of the classes they need are loaded now.
            List<Future<?>> others = ROLES.subList(1, ROLES.size()).stream()
                    .<Future<?>>map(name -> starter.submit(() -> startRole(name, connection, began, args))).toList();
            failure = awaitAll(null, others.toArray(Future<?>[]::new));
            if (failure != null) {
                throw failure;
            }
        }
        finally {
            servers.complete(null);
            starter.shutdown();
        }
        log.info("ready in {} ms: open http://localhost:{}/ (Ctrl-C stops everything; data stays in {})",
                millisSince(began), settings.serverPort(), settings.dataDir());
    }

    /** Waits for every start; returns {@code failure} or the first failure among them (a user's problem first). */
    private static Exception awaitAll(Exception failure, Future<?>... starts) {
        for (Future<?> start : starts) {
            try {
                start.get();
            }
            catch (ExecutionException e) {
                Exception cause = e.getCause() instanceof Exception c ? c : new IllegalStateException(e.getCause());
                if (failure == null || cause instanceof EmbeddedProblem && !(failure instanceof EmbeddedProblem)) {
                    failure = cause;
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new EmbeddedProblem("interrupted while starting");
            }
        }
        return failure;
    }

    private void startRole(String name, List<String> connection, long began, String... args) {
        Role role = Role.named(name.replaceAll("-\\d+$", ""));
        List<String> roleArgs = new ArrayList<>(connection);
        if (role == Role.WORKER) {
            // Two workers in one JVM: tell them apart in heartbeats and task statuses.
            roleArgs.add("--stockpicker.tasks.worker-name=" + name);
        }
        if (role != Role.WEB) {
            // One METRICS_PORT cannot serve three roles of one process; web serves /actuator/prometheus.
            roleArgs.add("--stockpicker.metrics-port=-1");
        }
        else if (System.getenv("MANAGEMENT_PORT") == null) {
            // The actuator on a free port (logged), so a zero-setup start never fails on the management default.
            roleArgs.add("--management.server.port=0");
        }
        roleArgs.addAll(List.of(args));
        keep(startRole(role, roleArgs));
        log.info("{} started ({} ms)", name, millisSince(began));
    }

    private ConfigurableApplicationContext startRole(Role role, List<String> args) {
        try {
            return Application.start(role, args.toArray(String[]::new));
        }
        catch (RuntimeException e) {
            if (causedBy(e, PortInUseException.class)) {
                throw EmbeddedSettings.portProblem(settings.serverPort());
            }
            throw e;
        }
    }

    /** Stops the roles (newest first), then the servers; safe to call twice and from a shutdown hook. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed && contexts.isEmpty() && started.isEmpty()) {
                return;
            }
            closed = true;
        }
        stop();
    }

    private synchronized void stop() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            try {
                contexts.get(i).close();
            }
            catch (RuntimeException e) {
                log.warn("while stopping a role: {}", e.toString());
            }
        }
        contexts.clear();
        while (!started.isEmpty()) {
            AutoCloseable server = started.pop();
            try {
                server.close();
            }
            catch (Exception e) {
                log.warn("while stopping {}: {}", server.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private static void checkFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
        }
        catch (IOException e) {
            throw EmbeddedSettings.portProblem(port);
        }
    }

    /** One stack per data folder: the lock goes with this JVM, so after a crash the next start gets it back. */
    private void lock(Path data) throws Exception {
        FileChannel channel = FileChannel.open(data.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        }
        catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new EmbeddedProblem("the data folder " + data + " is in use by another running stockpicker: stop it,"
                    + " or choose another folder with DATA_DIR=<folder>");
        }
        FileLock held = lock;
        keep(() -> {
            held.release();
            channel.close();
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
