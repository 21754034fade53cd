package dev.stockpicker.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.stockpicker.support.Http;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The zero-setup mode as a user runs it: the packaged jar's {@code embedded} command on free ports with a data folder
 * of its own. It must reach the five health checks, serve the page and the API, add a ticker and fetch its quotes,
 * keep its data across a restart after a SIGKILL (cleaning up the servers the killed run left behind), stop on SIGTERM
 * leaving no child process, and refuse a port in use with one line and status 1. Two starts, not three: each is
 * 15–30 s of this test. Tagged for the unit-test container, which leaves it out (docker/unit-test/Dockerfile).
 */
@Tag("embedded-servers")
class EmbeddedModeIT {

    static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    static final List<String> CHECKS = List.of("app", "database", "celery", "tickers-loaded", "quotes-updated");

    final JsonMapper json = JsonMapper.builder().build();
    final List<Process> started = new ArrayList<>();
    Path dataDir;

    @AfterEach
    void stopEverything() throws Exception {
        for (Process process : started) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (dataDir != null) {
            // Whatever a failed test left (a SIGKILLed run's servers), by the pid files in the data folder.
            Leftovers.stop(dataDir.resolve("postgres/postmaster.pid"), "postgres", Duration.ofSeconds(20));
            Leftovers.stop(dataDir.resolve("redis/redis-server.pid"), "redis-server", Duration.ofSeconds(10));
            // About 100 MB: the unpacked server binaries and a database.
            org.springframework.util.FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    @Test
    void startsServesAddsATickerKeepsItsDataAfterAKillAndStopsCleanly() throws Exception {
        dataDir = Files.createTempDirectory("stockpicker-embedded-");
        int port = freePort();
        Http http = new Http(port);

        Process first = start(port, "first");
        awaitHealthy(http, first, "first");
        assertThat(http.get("/").statusCode()).isEqualTo(200);
        assertThat(http.get("/").body()).contains("Stock-Picker");
        assertThat(symbols(http)).contains("SPY", "AAPL", "MSFT");
        assertThat(quoteRows(http, "AAPL")).isGreaterThan(1000);

        var added = http.postJson("/tickers/addticker/", "{\"ticker\": \"IBM\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(202);
        String statusUrl = json.readTree(added.body()).get("status_url").asString();
        await("the IBM task is done", Duration.ofSeconds(60),
                () -> "done".equals(json.readTree(http.get(statusUrl).body()).path("status").asString()));
        assertThat(quoteRows(http, "IBM")).isGreaterThan(1000);
        String worker = json.readTree(http.get(statusUrl).body()).path("worker").asString();
        assertThat(worker).as("the worker that ran it").matches("\\d+@.+/worker-[12]");

        // SIGKILL: nothing in the JVM runs, so its servers stay behind; the next start must stop them and keep the data.
        List<Long> orphans = serverPids(first);
        assertThat(orphans).as("postgres and redis-server").hasSize(2);
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(alive(orphans)).as("servers a SIGKILLed run leaves behind").isNotEmpty();

        Process second = start(port, "second");
        awaitHealthy(http, second, "second");
        assertThat(alive(orphans)).as("the previous run's servers after the next start").isEmpty();
        assertThat(symbols(http)).contains("IBM");
        assertThat(quoteRows(http, "IBM")).isGreaterThan(1000);

        // SIGTERM: everything it started stops with it.
        List<Long> servers = serverPids(second);
        assertThat(servers).as("postgres and redis-server").hasSize(2);
        stop(second);
        assertGone(servers);
    }

    @Test
    void aPortInUseIsOneLineAndStatus1() throws Exception {
        dataDir = Files.createTempDirectory("stockpicker-embedded-port-");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();
            Process process = start(port, "port-in-use");
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
            String output = Files.readString(log("port-in-use"), StandardCharsets.UTF_8).strip();

            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(output.lines()).as(output).hasSize(1);
            assertThat(output).contains("port " + port, "in use", "SERVER_PORT").doesNotContain("Exception");
            assertThat(processesUsing(dataDir)).isEmpty();
        }
    }

    private Process start(int port, String name) throws IOException {
        // The JIT's first tier only and a small serial heap: this test is about processes, not peak speed, and the
        // four roles start in one JVM while the other test JVM starts processes too.
        ProcessBuilder builder = new ProcessBuilder("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k",
                "-jar", System.getProperty("stockpicker.jar", "target/stockpicker.jar"), "embedded");
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("DATA_DIR", dataDir.toString());
        builder.redirectErrorStream(true).redirectOutput(log(name).toFile());
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private static Path log(String name) throws IOException {
        return Files.createDirectories(Path.of("target", "it-logs")).resolve("embedded-" + name + ".log");
    }

    private void stop(Process process) throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("stopped within 90 s of SIGTERM").isTrue();
    }

    private void awaitHealthy(Http http, Process process, String name) throws Exception {
        await("all five health checks are healthy (log: target/it-logs/embedded-" + name + ".log)", START_TIMEOUT,
                () -> {
                    assertThat(process.isAlive()).as("the " + name + " run is alive").isTrue();
                    return CHECKS.stream().allMatch(check -> {
                        var response = http.get("/health/" + check + "/");
                        return response.statusCode() == 200;
                    });
                });
    }

    private List<String> symbols(Http http) throws Exception {
        List<String> symbols = new ArrayList<>();
        json.readTree(http.get("/tickers/tickerlist/").body()).get("tickers").forEach(s -> symbols.add(s.asString()));
        return symbols;
    }

    private int quoteRows(Http http, String symbol) throws Exception {
        JsonNode data = json.readTree(http.postJson("/tickers/tickerdata/", "{\"ticker\": \"" + symbol + "\"}")
                .body());
        return data.path("results").size();
    }

    /** The postgres and redis-server of a run, from the pid files in its data folder. */
    private List<Long> serverPids(Process run) throws IOException {
        List<Long> pids = new ArrayList<>();
        for (Path pidFile : List.of(dataDir.resolve("postgres/postmaster.pid"),
                dataDir.resolve("redis/redis-server.pid"))) {
            pids.add(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()));
        }
        return pids;
    }

    /** The servers exit before the JVM does (an exited server may stay a zombie until init reaps it). */
    private void assertGone(List<Long> servers) throws Exception {
        try {
            await("the servers have exited", Duration.ofSeconds(5),
                    () -> alive(servers).isEmpty() && processesUsing(dataDir).isEmpty());
        }
        catch (AssertionError e) {
            assertThat(alive(servers)).as("servers still running after SIGTERM").isEmpty();
            assertThat(processesUsing(dataDir)).as("processes using the data folder").isEmpty();
        }
    }

    private static List<Long> alive(List<Long> pids) {
        return pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .filter(pid -> !zombie(pid)).toList();
    }

    /** An exited process that its parent (here: init, which may reap lazily) has not reaped yet. */
    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        }
        catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Every live process whose command line names the data folder (postgres -D, redis-server from data/bin). */
    private static List<String> processesUsing(Path dataDir) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).filter(p -> !zombie(p.pid()))
                .map(p -> p.info().commandLine().or(() -> p.info().command()).orElse(""))
                .filter(command -> command.contains(dataDir.toString())).toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void await(String what, Duration timeout, Check condition) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        Throwable last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.ok()) {
                    return;
                }
            }
            catch (AssertionError e) {
                throw e;
            }
            catch (Exception e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what, last);
    }

    @FunctionalInterface
    interface Check {
        boolean ok() throws Exception;
    }
}
