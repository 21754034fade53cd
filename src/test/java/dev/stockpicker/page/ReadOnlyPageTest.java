package dev.stockpicker.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;

/**
 * The read-only page tests: no console error after any test (the tests of failing requests expect some, so they
 * extend {@link SampleDataPageTest} directly).
 */
abstract class ReadOnlyPageTest extends SampleDataPageTest {

    @AfterEach
    void noConsoleErrors() {
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
