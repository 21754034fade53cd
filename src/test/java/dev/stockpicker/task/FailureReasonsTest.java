package dev.stockpicker.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.jdbc.BadSqlGrammarException;

/** The reasons a task status shows: ours, never a class name, SQL or a path from the exception. */
class FailureReasonsTest {

    @Test
    void ourOwnFailuresKeepTheirSentence() {
        assertThat(FailureReasons.of(new PermanentTaskFailure("unknown ticker ZZZZ"))).isEqualTo("unknown ticker ZZZZ");
        assertThat(FailureReasons.of(new IllegalStateException("SPY is locked"))).isEqualTo("SPY is locked");
    }

    @Test
    void serviceFailuresAreNamedWithoutTheirDriversText() {
        String sql = "INSERT INTO quote SELECT * FROM /var/lib/secret";
        assertThat(FailureReasons.of(new BadSqlGrammarException("upsert", sql, new SQLException("syntax"))))
                .isEqualTo("the database was unavailable or refused the update");
        assertThat(FailureReasons.of(new DataIntegrityViolationException(sql))).doesNotContain("INSERT", "/var");
        assertThat(FailureReasons.of(new RedisConnectionFailureException("io.lettuce.core.RedisException: x")))
                .isEqualTo("Redis was unavailable");
        assertThat(FailureReasons.of(new AmqpConnectException(new java.net.ConnectException("refused"))))
                .isEqualTo("the task broker was unavailable");
    }

    @Test
    void anythingElseIsAnUnexpectedFailureWithoutItsClassName() {
        String reason = FailureReasons.of(new IllegalStateException("wrapped", new NullPointerException("x.y")));
        assertThat(reason).isEqualTo("unexpected failure (see the worker's log)");
        assertThat(FailureReasons.of(new java.io.UncheckedIOException(new java.io.IOException("/tmp/x"))))
                .doesNotContain("Exception", "/tmp");
    }
}
