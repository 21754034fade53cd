package dev.stockpicker.outage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import dev.stockpicker.support.TestDatabase;

/**
 * A database of the outage test's own: the health checks need every default ticker and its quotes for the whole run,
 * and other tests (run in parallel from other work trees on one machine) truncate stockpicker_test under it.
 */
class OutageDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String NAME = "stockpicker_test_outage";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ensureExists();
    }

    static synchronized void ensureExists() {
        TestDatabase.ensureExists(); // the application role, with CREATEDB
        Map<String, String> env = System.getenv();
        String url = "jdbc:postgresql://" + env.getOrDefault("POSTGRES_HOST", "localhost") + ":"
                + env.getOrDefault("POSTGRES_PORT", "5432") + "/postgres";
        try (Connection c = DriverManager.getConnection(url, env.getOrDefault("POSTGRES_USER", "stockpicker"),
                env.getOrDefault("POSTGRES_PASSWORD", ""))) {
            try (var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, NAME);
                if (exists.executeQuery().next()) {
                    return;
                }
            }
            c.createStatement().execute("CREATE DATABASE " + NAME);
        }
        catch (SQLException e) {
            // Two runs creating it at once: the loser finds it there.
            if (!"42P04".equals(e.getSQLState())) {
                throw new IllegalStateException("cannot create the database " + NAME, e);
            }
        }
    }
}
