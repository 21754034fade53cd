package dev.stockpicker.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server that a previous run left behind when its JVM was killed (SIGKILL, power loss of the terminal...): found by
 * the pid file the server keeps in its data folder, stopped only when that pid is still a process of the expected
 * program. Called with the data folder's lock held, so no live stack can own it.
 */
final class Leftovers {

    private static final Logger log = LoggerFactory.getLogger(Leftovers.class);

    private Leftovers() {
    }

    /** Stops the process named on the first line of {@code pidFile} if its command contains {@code program}. */
    static void stop(Path pidFile, String program, Duration patience) {
        Optional<ProcessHandle> process = read(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains(program)).orElse(false));
        if (process.isEmpty()) {
            return;
        }
        ProcessHandle leftover = process.get();
        log.warn("stopping the {} (pid {}) that a previous run left behind", program, leftover.pid());
        leftover.destroy();
        try {
            leftover.onExit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (Exception notYet) {
            log.warn("{} (pid {}) did not stop within {} s: killing it", program, leftover.pid(),
                    patience.toSeconds());
            leftover.destroyForcibly();
            try {
                leftover.onExit().get(5, TimeUnit.SECONDS);
            }
            catch (Exception e) {
                throw new IllegalStateException("cannot stop the leftover " + program + " (pid " + leftover.pid()
                        + ")", e);
            }
        }
    }

    private static Optional<Long> read(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
            return first.matches("\\d+") ? Optional.of(Long.parseLong(first)) : Optional.empty();
        }
        catch (IOException e) {
            return Optional.empty();
        }
    }
}
