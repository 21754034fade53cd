package dev.stockpicker.ticker;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Tickers in PostgreSQL. Creation is an upsert, so concurrent callers never make duplicates. */
@Repository
public class TickerRepository {

    /** The advisory lock that serialises creations under the cap: count and insert as one step. */
    private static final long CAP_LOCK = 0x7469636b6572L; // "ticker"

    private final JdbcTemplate jdbc;

    TickerRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<String> symbols() {
        return jdbc.queryForList("SELECT symbol FROM ticker ORDER BY symbol", String.class);
    }

    public List<Ticker> all() {
        return jdbc.query("SELECT id, symbol FROM ticker ORDER BY symbol",
                (rs, i) -> new Ticker(rs.getLong(1), rs.getString(2)));
    }

    public Optional<Ticker> find(String symbol) {
        return jdbc.query("SELECT id, symbol FROM ticker WHERE symbol = ?",
                (rs, i) -> new Ticker(rs.getLong(1), rs.getString(2)), symbol).stream().findFirst();
    }

    /** Creates the ticker unless it exists; {@code created} tells which happened. */
    public Creation getOrCreate(String symbol) {
        List<Ticker> inserted = jdbc.query(
                "INSERT INTO ticker (symbol) VALUES (?) ON CONFLICT (symbol) DO NOTHING RETURNING id, symbol",
                (rs, i) -> new Ticker(rs.getLong(1), rs.getString(2)), symbol);
        if (!inserted.isEmpty()) {
            return new Creation(inserted.get(0), true);
        }
        return new Creation(find(symbol).orElseThrow(), false);
    }

    /**
     * Creates the ticker unless it exists, as {@link #getOrCreate}, but only while fewer than {@code max} tickers
     * exist: empty when a new one would go past the cap. Concurrent creations wait for each other, so the cap holds.
     */
    @Transactional
    public Optional<Creation> getOrCreateWithin(String symbol, long max) {
        Optional<Ticker> existing = find(symbol);
        if (existing.isPresent()) {
            return Optional.of(new Creation(existing.get(), false));
        }
        jdbc.queryForObject("SELECT 1 FROM pg_advisory_xact_lock(?)", Integer.class, CAP_LOCK);
        if (count() >= max) {
            return Optional.empty();
        }
        return Optional.of(getOrCreate(symbol));
    }

    public long count() {
        return jdbc.queryForObject("SELECT count(*) FROM ticker", Long.class);
    }

    /** Deletes the ticker and (by cascade) its quotes; false when it did not exist. */
    public boolean delete(String symbol) {
        return jdbc.update("DELETE FROM ticker WHERE symbol = ?", symbol) > 0;
    }

    /** Deletes a ticker that never got a quote (added, but unknown to the source); true when it did. */
    public boolean deleteIfNoQuotes(String symbol) {
        return jdbc.update("DELETE FROM ticker t WHERE t.symbol = ? "
                + "AND NOT EXISTS (SELECT 1 FROM quote q WHERE q.ticker_id = t.id)", symbol) > 0;
    }

    public record Creation(Ticker ticker, boolean created) {
    }
}
