package dev.stockpicker.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The packaged jar's command line: what a person typing a wrong command sees. */
class JarCommandLineIT {

    record Run(int status, String output) {
    }

    static Run jar(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("java", "-jar",
                System.getProperty("stockpicker.jar", "target/stockpicker.jar")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownCommandPrintsTheUsageAndExitsWith2() throws Exception {
        Run run = jar("frobnicate");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.output()).contains("unknown command: frobnicate", "usage: java -jar stockpicker.jar",
                "web", "worker", "beat", "migrate", "load-tickers", "update-quotes", "enqueue-refresh");
    }

    @Test
    void noCommandAtAllPrintsTheUsageAndExitsWith2() throws Exception {
        Run run = jar();
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.output()).startsWith("usage: java -jar stockpicker.jar");
    }
}
