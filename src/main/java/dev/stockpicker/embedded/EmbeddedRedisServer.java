package dev.stockpicker.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import redis.embedded.core.ExecutableProvider;

/**
 * A real redis-server (the binary that {@code com.github.codemonstur:embedded-redis} ships) on 127.0.0.1, a child
 * process of this JVM with its snapshot, pid file and log in {@code <data>/redis}. Started and stopped here rather
 * than through the library's {@code RedisServer}, whose own JVM shutdown hook would stop Redis while the workers
 * still finish their tasks.
 */
final class EmbeddedRedisServer implements AutoCloseable {

    private static final java.util.Optional<Path> SETSID = java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of).filter(Files::isExecutable).findFirst();

    private final Process process;
    private final int port;

    private EmbeddedRedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static EmbeddedRedisServer start(Path dataDir, Path binDir, Path logFile, int port) throws IOException {
        Path redisDir = Files.createDirectories(dataDir.resolve("redis"));
        Path pidFile = redisDir.resolve("redis-server.pid");
        Leftovers.stop(pidFile, "redis-server", Duration.ofSeconds(10));
        Files.createDirectories(binDir);
        String executable = ExecutableProvider.newJarResourceProvider(binDir.toFile()).get().getAbsolutePath();
        List<String> command = new java.util.ArrayList<>();
        // In a session of its own where setsid exists (Linux), like the postmaster that pg_ctl starts: Ctrl-C in
        // the terminal then reaches only the JVM, which stops Redis after the roles, not before.
        SETSID.filter(Files::isExecutable).ifPresent(setsid -> command.add(setsid.toString()));
        command.addAll(List.of(executable, "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--daemonize", "no", "--dir", redisDir.toAbsolutePath().toString(), "--pidfile",
                pidFile.toAbsolutePath().toString(), "--dbfilename", "dump.rdb", "--save", "60", "1", "--appendonly",
                "no"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(logFile.toFile())).start();
        EmbeddedRedisServer server = new EmbeddedRedisServer(process, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!server.answersPing()) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with status " + process.exitValue() + " (see " + logFile
                        + ")");
            }
            if (System.nanoTime() > deadline) {
                server.close();
                throw new IOException("redis-server did not answer within 15 s (see " + logFile + ")");
            }
            sleep(50);
        }
        return server;
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(7);
            return new String(answer, StandardCharsets.US_ASCII).startsWith("+PONG");
        }
        catch (IOException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM: Redis saves its snapshot and exits; killed if it has not within 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting redis-server", e);
        }
    }
}
