package dev.stockpicker.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;

/** The benchmark's own database: emptying it between rounds, raw COPY in and out, and a checksum of the quotes. */
final class BenchDatabase {

    /** Every column of {@code quote} the ingest path writes, in table order ({@code created} keeps its default). */
    static final String QUOTE_COLUMNS = "ticker_id, date, open, high, low, close, volume, adj_close, "
            + "index_adj_close, scaled_adj_close, sac_moving_average, sac_to_sacma_ratio, quotes_in_moving_average";

    /** Linux's USER_HZ: /proc reports CPU times in these ticks. */
    private static final double CLOCK_TICKS = 100;

    final DataSource dataSource;
    final JdbcTemplate jdbc;
    private boolean checkpointWarned;

    BenchDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** No tickers, no quotes, ids from 1 again: every round starts from the same empty tables. */
    void clear() {
        jdbc.execute("TRUNCATE ticker, quote RESTART IDENTITY CASCADE");
        checkpoint();
    }

    void clearQuotes() {
        jdbc.execute("TRUNCATE quote");
        checkpoint();
    }

    /**
     * Flushes the previous round's dirty pages, so no round pays for the one before. CHECKPOINT needs a superuser:
     * the admin role of the test setup ({@code TEST_POSTGRES_ADMIN_USER}, default postgres); skipped without one.
     */
    private void checkpoint() {
        String url = jdbc.execute((Connection c) -> c.getMetaData().getURL());
        String admin = System.getenv().getOrDefault("TEST_POSTGRES_ADMIN_USER", "postgres");
        try (Connection c = DriverManager.getConnection(url, admin,
                System.getenv().getOrDefault("TEST_POSTGRES_ADMIN_PASSWORD", ""))) {
            c.createStatement().execute("CHECKPOINT");
        }
        catch (SQLException e) {
            if (!checkpointWarned) {
                System.err.println("no CHECKPOINT between rounds (" + e.getMessage() + ")");
                checkpointWarned = true;
            }
        }
    }

    /** Count and order-independent hash of every stored quote value: equal means the same rows. */
    String checksum() {
        return jdbc.queryForObject("SELECT count(*) || ' rows, hash ' || coalesce(sum(hashtextextended(ROW("
                + QUOTE_COLUMNS + ")::text, 0)), 0) FROM quote", String.class);
    }

    /**
     * CPU seconds used so far by the PostgreSQL backends serving this database (the pool's connections), read from
     * /proc: contention on a shared machine stretches wall times, not CPU times. NaN when PostgreSQL is not local.
     */
    double backendCpuSeconds() {
        double total = 0;
        for (Integer pid : jdbc.queryForList("SELECT pid FROM pg_stat_activity WHERE datname = current_database()",
                Integer.class)) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                // utime and stime are fields 14 and 15, counted after the parenthesised command name
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
            }
            catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }
        return total;
    }

    long quoteCount() {
        return jdbc.queryForObject("SELECT count(*) FROM quote", Long.class);
    }

    byte[] copyOut(String query) {
        return jdbc.execute((Connection c) -> {
            var out = new ByteArrayOutputStream();
            try {
                c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + query + ") TO STDOUT", out);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        });
    }

    /** COPY {@code data} (text format) into {@code table (columns)} on {@code c}, in c's transaction. */
    static long copyIn(Connection c, String table, String columns, byte[] data) throws SQLException {
        try {
            return c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + table + " (" + columns + ") FROM STDIN", new ByteArrayInputStream(data));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** COPY {@code data} into the table in one transaction of its own; returns the rows copied. */
    long copyInCommitted(String table, String columns, byte[] data) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long rows = copyIn(c, table, columns, data);
            c.commit();
            return rows;
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
