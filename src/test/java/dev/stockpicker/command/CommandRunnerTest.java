package dev.stockpicker.command;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.Filter;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.rabbit.listener.MessageListenerContainer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;

import dev.stockpicker.support.RoleFreeTest;

/** The one-shot commands in the "command" role, on the real test database with the sample source. */
@RoleFreeTest
@ExtendWith(OutputCaptureExtension.class)
class CommandRunnerTest {

    @Autowired
    CommandRunner commands;
    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationContext context;

    @Test
    void theCommandsBuildNothingOfTheWebOrWorkerRoles() {
        assertThat(context.getBeansWithAnnotation(Controller.class)).isEmpty();
        assertThat(context.getBeansWithAnnotation(ControllerAdvice.class)).isEmpty();
        assertThat(context.getBeanNamesForType(Filter.class)).isEmpty();
        assertThat(context.getBeanNamesForType(MessageListenerContainer.class)).isEmpty();
    }

    @BeforeEach
    void emptyDatabase() {
        jdbc.execute("TRUNCATE ticker, quote RESTART IDENTITY CASCADE");
    }

    @Test
    void migrateSaysWhatTheStartAppliedOrThatTheSchemaWasCurrent(CapturedOutput output) {
        assertThat(commands.run(Role.MIGRATE)).isZero();

        // The test database is migrated by whichever context started first, so both answers are possible here.
        assertThat(output.getOut()).containsPattern(
                "(schema up to date at version \\d+, no migration applied|applied \\d+ migrations? \\(1 tickers and quotes.*\\); "
                        + "schema at version \\d+)\n");
    }

    @Test
    void loadTickersCreatesTheIndexAndDefaultsOnceAndSaysWhichExisted(CapturedOutput output) {
        jdbc.update("INSERT INTO ticker (symbol) VALUES ('MSFT')");

        assertThat(commands.run(Role.LOAD_TICKERS)).isZero();

        assertThat(output.getOut()).contains("SPY created\n", "AMZN created\n", "MSFT exists\n", "NFLX created\n");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ticker", Long.class)).isEqualTo(8);
        assertThat(output.getOut().indexOf("SPY created")).isLessThan(output.getOut().indexOf("AMZN created"));
    }

    @Test
    void updateQuotesUpdatesTheIndexFirstShowsProgressAndASummary(CapturedOutput output) {
        assertThat(commands.run(Role.UPDATE_QUOTES, "amzn", "GOOG")).isZero();

        String out = output.getOut();
        assertThat(out).contains("[1/3] SPY: ", "[2/3] AMZN: ", "[3/3] GOOG: ")
                .containsPattern("Summary: 3 tickers, \\d{4,} rows written, 0 failed, [0-9.]+ s");
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT ticker_id) FROM quote", Long.class)).isEqualTo(3);
    }

    @Test
    void updateQuotesRefusesAnInvalidSymbolWithExitStatus2(CapturedOutput output) {
        assertThat(commands.run(Role.UPDATE_QUOTES, "NOT VALID")).isEqualTo(2);
        assertThat(output.getErr()).contains("invalid ticker");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ticker", Long.class)).isZero();
    }
}
