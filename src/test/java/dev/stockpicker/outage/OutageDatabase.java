package dev.stockpicker.outage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import dev.stockpicker.support.TestDatabase;
import dev.stockpicker.support.TestServices;

/**
 * A database of the outage test's own: the health checks need every default ticker and its quotes for the whole run,
 * and other tests (run in parallel from other work trees on one machine) truncate the test database under it. Named after TEST_POSTGRES_DB.
 */
class OutageDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String NAME = TestServices.database() + "_outage";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ensureExists();
    }

    static synchronized void ensureExists() {
        TestDatabase.ensureExists(); // the application role, with CREATEDB
        try (Connection c = DriverManager.getConnection(TestServices.jdbcUrl("postgres"), TestServices.postgresUser(),
                TestServices.postgresPassword())) {
            try (var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, NAME);
                if (exists.executeQuery().next()) {
                    return;
                }
            }
            c.createStatement().execute("CREATE DATABASE \"" + NAME + "\"");
        }
        catch (SQLException e) {
            // Two runs creating it at once: the loser finds it there.
            if (!"42P04".equals(e.getSQLState())) {
                throw new IllegalStateException("cannot create the database " + NAME, e);
            }
        }
    }
}
