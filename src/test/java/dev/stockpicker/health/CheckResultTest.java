package dev.stockpicker.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The "exception" text of an unhealthy answer: the library's words, without class names, paths or line breaks. */
class CheckResultTest {

    @Test
    void javaClassNamesGo() {
        assertThat(CheckResult.shorten("cannot reach the broker: java.net.ConnectException: Connection refused"))
                .isEqualTo("cannot reach the broker: Connection refused");
        assertThat(CheckResult.shorten("org.springframework.amqp.AmqpConnectException: "
                + "java.net.ConnectException: Connection refused")).isEqualTo("Connection refused");
        assertThat(CheckResult.shorten("CannotGetJdbcConnectionException: Failed to obtain JDBC Connection"))
                .isEqualTo("Failed to obtain JDBC Connection");
    }

    @Test
    void pathsAndExtraLinesGo() {
        assertThat(CheckResult.shorten("could not open /opt/app/lib/stockpicker.jar here\n\tat dev.stockpicker.X"))
                .isEqualTo("could not open [path] here");
    }

    @Test
    void theDriversUsefulWordsStay() {
        assertThat(CheckResult.shorten("Connection to 127.0.0.1:1 refused. Check that the hostname and port are "
                + "correct and that the postmaster is accepting TCP/IP connections."))
                .contains("127.0.0.1:1 refused").contains("TCP/IP");
        assertThat(CheckResult.shorten("check timed out after 3500 ms")).isEqualTo("check timed out after 3500 ms");
    }

    @Test
    void noMessageIsNotAClassName() {
        assertThat(CheckResult.failed("database query failed", new IllegalStateException()).body())
                .containsEntry("exception", "no details (see the log)");
    }
}
