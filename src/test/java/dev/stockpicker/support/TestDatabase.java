package dev.stockpicker.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Creates the test role and database on the real PostgreSQL before a test context starts, so a fresh machine needs
 * nothing but a running server. Uses the admin role ({@code TEST_POSTGRES_ADMIN_USER}, default postgres) when the
 * application role lacks the rights.
 */
public class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static volatile boolean ready;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ensureExists();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-database",
                Map.of("stockpicker.test.database", TestServices.database())));
    }

    public static synchronized void ensureExists() {
        if (ready) {
            return;
        }
        Map<String, String> env = System.getenv();
        String host = TestServices.postgresHost();
        String port = Integer.toString(TestServices.postgresPort());
        String user = TestServices.postgresUser();
        String password = TestServices.postgresPassword();
        String database = TestServices.database();
        String admin = env.getOrDefault("TEST_POSTGRES_ADMIN_USER", "postgres");
        String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, admin, env.getOrDefault("TEST_POSTGRES_ADMIN_PASSWORD", ""))) {
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", user)) {
                c.createStatement().execute("CREATE ROLE \"" + user + "\" LOGIN CREATEDB"
                        + (password.isEmpty() ? "" : " PASSWORD '" + password.replace("'", "''") + "'"));
            }
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                c.createStatement().execute("CREATE DATABASE \"" + database + "\" OWNER \"" + user + "\"");
            }
        }
        catch (SQLException adminFailed) {
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                    c.createStatement().execute("CREATE DATABASE \"" + database + "\"");
                }
            }
            catch (SQLException e) {
                e.addSuppressed(adminFailed);
                throw new IllegalStateException("cannot create the test database " + database + " on " + host + ":"
                        + port + " (is PostgreSQL running? run ci/services.sh)", e);
            }
        }
        ready = true;
    }

    /**
     * For tests without a Spring context (the {@code *IT} tests that start the jar): the test database with the
     * application's schema. Surefire's contexts migrate their own databases; nothing else migrates this one.
     */
    public static synchronized void ensureMigrated() {
        ensureExists();
        org.flywaydb.core.Flyway.configure()
                .dataSource(TestServices.jdbcUrl(TestServices.database()), TestServices.postgresUser(),
                        TestServices.postgresPassword())
                .locations("classpath:db/migration").load().migrate();
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (var statement = c.prepareStatement(sql)) {
            statement.setString(1, name);
            return statement.executeQuery().next();
        }
    }
}
