package dev.stockpicker.startup;

import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** One-off events of the stack in its database: the first process to claim an event owns it. */
@Repository
class StackEvents {

    private final JdbcTemplate jdbc;

    StackEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** True when this caller claimed the event; false when another process had already claimed it. */
    boolean claim(String event, String owner) {
        return jdbc.update("INSERT INTO stack_event (name, claimed_by) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                event, owner) == 1;
    }

    /** Gives the event back (only the owner's claim), so that a later start can claim it again. */
    boolean release(String event, String owner) {
        return jdbc.update("DELETE FROM stack_event WHERE name = ? AND claimed_by = ?", event, owner) == 1;
    }

    Optional<Claim> find(String event) {
        return jdbc.query("SELECT claimed_by, claimed_at FROM stack_event WHERE name = ?",
                (rs, i) -> new Claim(rs.getString(1), rs.getTimestamp(2).toInstant()), event).stream().findFirst();
    }

    record Claim(String owner, Instant at) {
    }
}
