package dev.stockpicker.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import dev.stockpicker.task.TaskPublishException;

/** The health checks' own classification of failures, whatever library threw them and however deep. */
class FailureTest {

    @Test
    void aDatabaseThatCannotBeReachedIsUnreachable() {
        assertThat(Failure.of(new CannotGetJdbcConnectionException("no connection",
                new SQLException("Connection to 127.0.0.1:1 refused")))).isEqualTo(Failure.UNREACHABLE);
    }

    @Test
    void aBrokerThatCannotBeReachedIsUnreachableThroughThePublishersWrapper() {
        assertThat(Failure.of(new TaskPublishException("cannot reach the broker",
                new AmqpConnectException(new ConnectException("Connection refused"))))).isEqualTo(Failure.UNREACHABLE);
    }

    @Test
    void anSqlErrorIsTheReferencesProgrammingError() {
        Failure failure = Failure.of(new BadSqlGrammarException("count", "SELECT count(*) FROM ticker",
                new SQLException("relation \"ticker\" does not exist")));
        assertThat(failure).isEqualTo(Failure.QUERY);
        assertThat(failure.word()).isEqualTo("ProgrammingError");
    }

    @Test
    void noAnswerInTimeIsTheReferencesTimeoutError() {
        Failure failure = Failure.of(new TaskPublishException("no worker answered", new TimeoutException()));
        assertThat(failure).isEqualTo(Failure.TIMEOUT);
        assertThat(failure.word()).isEqualTo("TimeoutError");
    }

    @Test
    void anythingElseIsAnError() {
        assertThat(Failure.of(new IllegalStateException("bug"))).isEqualTo(Failure.UNEXPECTED);
    }
}
