package dev.stockpicker.ticker;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Quotes in PostgreSQL: the reads behind the API and the bulk upsert behind quote updates. */
@Repository
public class QuoteRepository {

    private static final String JSON_COLUMNS = "t.symbol, q.date, q.adj_close, q.index_adj_close, "
            + "q.scaled_adj_close, q.sac_moving_average, q.sac_to_sacma_ratio";

    private static final RowMapper<QuoteJson> JSON_ROW = (rs, i) -> QuoteJson.of(rs.getString(1),
            rs.getObject(2, LocalDate.class), rs.getDouble(3), nullableDouble(rs, 4), nullableDouble(rs, 5),
            nullableDouble(rs, 6), nullableDouble(rs, 7));

    private static final String COLUMNS = "date, open, high, low, close, volume, adj_close, index_adj_close, "
            + "scaled_adj_close, sac_moving_average, sac_to_sacma_ratio, quotes_in_moving_average";

    private final JdbcTemplate jdbc;

    QuoteRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every quote of the ticker, oldest first, as the chart needs them. */
    public List<QuoteJson> chart(long tickerId) {
        return jdbc.query("SELECT " + JSON_COLUMNS + " FROM quote q JOIN ticker t ON t.id = q.ticker_id "
                + "WHERE q.ticker_id = ? ORDER BY q.date", JSON_ROW, tickerId);
    }

    public Optional<LocalDate> latestDate(long tickerId) {
        return Optional.ofNullable(jdbc.queryForObject("SELECT max(date) FROM quote WHERE ticker_id = ?",
                LocalDate.class, tickerId));
    }

    /** Quotes on {@code date} with {@code low < ratio < high}, by ratio ({@code descending} or not), at most limit. */
    public List<QuoteJson> byRatioOn(LocalDate date, double low, double high, boolean descending, int limit) {
        return jdbc.query("SELECT " + JSON_COLUMNS + " FROM quote q JOIN ticker t ON t.id = q.ticker_id "
                + "WHERE q.date = ? AND q.sac_to_sacma_ratio > ? AND q.sac_to_sacma_ratio < ? "
                + "ORDER BY q.sac_to_sacma_ratio " + (descending ? "DESC" : "ASC") + ", t.symbol LIMIT ?",
                JSON_ROW, date, low, high, limit);
    }

    /** The first stored date of the ticker that has no index value although the index now has a quote that day. */
    public Optional<LocalDate> firstDateMissingIndex(long tickerId, long indexTickerId) {
        return Optional.ofNullable(jdbc.queryForObject("SELECT min(q.date) FROM quote q JOIN quote i "
                + "ON i.ticker_id = ? AND i.date = q.date WHERE q.ticker_id = ? AND q.index_adj_close IS NULL",
                LocalDate.class, indexTickerId, tickerId));
    }

    public long count() {
        return jdbc.queryForObject("SELECT count(*) FROM quote", Long.class);
    }

    /** Quote counts per ticker id (for admin views and health checks). */
    public Map<Long, Long> countsByTicker() {
        Map<Long, Long> counts = new HashMap<>();
        jdbc.query("SELECT ticker_id, count(*) FROM quote GROUP BY ticker_id",
                rs -> {
                    counts.put(rs.getLong(1), rs.getLong(2));
                });
        return counts;
    }

    /** The ticker's stored quotes from {@code from} on, oldest first. */
    public List<QuoteRow> rowsFrom(long tickerId, LocalDate from) {
        return jdbc.query("SELECT " + COLUMNS + " FROM quote WHERE ticker_id = ? AND date >= ? ORDER BY date",
                (rs, i) -> new QuoteRow(rs.getObject(1, LocalDate.class), rs.getDouble(2), rs.getDouble(3),
                        rs.getDouble(4), rs.getDouble(5), rs.getLong(6), rs.getDouble(7), nullableDouble(rs, 8),
                        nullableDouble(rs, 9), nullableDouble(rs, 10), nullableDouble(rs, 11),
                        (Integer) rs.getObject(12)),
                tickerId, from);
    }

    /** Adjusted closes of a ticker (the index) by date, from {@code from} on. */
    public Map<LocalDate, Double> adjClosesFrom(long tickerId, LocalDate from) {
        Map<LocalDate, Double> byDate = new HashMap<>();
        jdbc.query("SELECT date, adj_close FROM quote WHERE ticker_id = ? AND date >= ?",
                rs -> {
                    byDate.put(rs.getObject(1, LocalDate.class), rs.getDouble(2));
                }, tickerId, from);
        return byDate;
    }

    /**
     * Inserts or updates {@code rows} of one ticker and returns how many rows were inserted or changed. Rows go through
     * COPY into a temporary table and one INSERT … ON CONFLICT: far faster than row-by-row statements, and a row that
     * is already stored with the same values is not rewritten, so repeating an update changes nothing. Runs in the caller's
     * transaction, or its own: the staging table empties itself at commit.
     */
    @Transactional
    public int upsert(long tickerId, List<QuoteRow> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        return jdbc.execute((ConnectionCallback<Integer>) connection -> {
            relaxCommitDurability(connection);
            try (var statement = connection.createStatement()) {
                statement.execute("CREATE TEMP TABLE IF NOT EXISTS quote_stage (LIKE quote INCLUDING DEFAULTS) "
                        + "ON COMMIT DELETE ROWS");
                statement.execute("TRUNCATE quote_stage");
            }
            try {
                connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                        "COPY quote_stage (ticker_id, " + COLUMNS + ") FROM STDIN",
                        new StringReader(QuoteCopyFormat.lines(tickerId, rows)));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try (var statement = connection.createStatement()) {
                return statement.executeUpdate(MERGE_STAGE);
            }
        });
    }

    /**
     * Inserts rows that cannot exist yet (days after the ticker's latest stored one) with one COPY straight into the
     * table: about twice as fast as {@link #upsert}. A row that exists after all fails the whole COPY with a
     * {@link org.springframework.dao.DuplicateKeyException}, and the caller merges instead.
     */
    @Transactional
    public int insertNew(long tickerId, List<QuoteRow> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        return jdbc.execute((ConnectionCallback<Integer>) connection -> {
            relaxCommitDurability(connection);
            try {
                return (int) connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                        "COPY quote (ticker_id, " + COLUMNS + ") FROM STDIN",
                        new StringReader(QuoteCopyFormat.lines(tickerId, rows)));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static final String MERGE_STAGE = """
            INSERT INTO quote AS q (ticker_id, date, open, high, low, close, volume, adj_close, index_adj_close,
                                    scaled_adj_close, sac_moving_average, sac_to_sacma_ratio, quotes_in_moving_average)
            SELECT ticker_id, date, open, high, low, close, volume, adj_close, index_adj_close,
                   scaled_adj_close, sac_moving_average, sac_to_sacma_ratio, quotes_in_moving_average
            FROM quote_stage ORDER BY ticker_id, date
            ON CONFLICT (ticker_id, date) DO UPDATE SET
                open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
                volume = EXCLUDED.volume, adj_close = EXCLUDED.adj_close, index_adj_close = EXCLUDED.index_adj_close,
                scaled_adj_close = EXCLUDED.scaled_adj_close, sac_moving_average = EXCLUDED.sac_moving_average,
                sac_to_sacma_ratio = EXCLUDED.sac_to_sacma_ratio,
                quotes_in_moving_average = EXCLUDED.quotes_in_moving_average
            WHERE (q.open, q.high, q.low, q.close, q.volume, q.adj_close, q.index_adj_close, q.scaled_adj_close,
                   q.sac_moving_average, q.sac_to_sacma_ratio, q.quotes_in_moving_average)
               IS DISTINCT FROM
                  (EXCLUDED.open, EXCLUDED.high, EXCLUDED.low, EXCLUDED.close, EXCLUDED.volume, EXCLUDED.adj_close,
                   EXCLUDED.index_adj_close, EXCLUDED.scaled_adj_close, EXCLUDED.sac_moving_average,
                   EXCLUDED.sac_to_sacma_ratio, EXCLUDED.quotes_in_moving_average)
            """;

    /**
     * Quote writes commit without waiting for the WAL flush: a crash can lose the last fraction of a second of
     * updates, never part of one (each is still atomic), and the next update fetches those days again. Waiting for
     * one flush per ticker was most of an update-all's wall time.
     */
    private static void relaxCommitDurability(java.sql.Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            try (var statement = connection.createStatement()) {
                statement.execute("SET LOCAL synchronous_commit TO OFF");
            }
        }
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }
}
