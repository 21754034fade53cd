package dev.stockpicker.command;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What the jar can be asked to run. Each maps to a Spring profile, which selects its role configuration. */
public enum Role {
    WEB("web", "serve the picker page, the JSON API and the health checks (port SERVER_PORT, default 8001)", false),
    WORKER("worker", "consume tasks from RabbitMQ (WORKER_CONCURRENCY, default 1; run two or more)", false),
    BEAT("beat", "publish the periodic refresh on BEAT_CRON (safe to run twice: one publishes per tick)", false),
    MIGRATE("migrate", "apply database migrations and exit", true),
    LOAD_TICKERS("load-tickers", "create the index and default tickers (prints SYM created / SYM exists)", true),
    UPDATE_QUOTES("update-quotes", "[SYMBOL...] fetch missing quotes now, index first (all tickers by default)",
            true),
    ENQUEUE_REFRESH("enqueue-refresh", "queue one update_all_tickers task for the workers", true),
    EMBEDDED("embedded", "zero-setup: embedded PostgreSQL, Redis and AMQP broker, then web, two workers and beat in "
            + "this process (data in DATA_DIR, default ./data)", false);

    private final String command;
    private final String help;
    private final boolean oneShot;

    Role(String command, String help, boolean oneShot) {
        this.command = command;
        this.help = help;
        this.oneShot = oneShot;
    }

    public String command() {
        return command;
    }

    /** The Spring profile of the role: the long-running roles by name, every one-shot command as "command". */
    public String profile() {
        return oneShot ? "command" : command;
    }

    public boolean isOneShot() {
        return oneShot;
    }

    public static Role named(String name) {
        return Arrays.stream(values()).filter(r -> r.command.equals(name)).findFirst().orElse(null);
    }

    public static String usage(String unknown) {
        String lines = Arrays.stream(values()).map(r -> String.format("  %-15s %s", r.command, r.help))
                .collect(Collectors.joining("\n"));
        return (unknown == null ? "" : "unknown command: " + unknown + "\n")
                + "usage: java -jar stockpicker.jar <command> [args]\n" + lines;
    }
}
