package dev.stockpicker.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.stockpicker.support.Browser;
import dev.stockpicker.quotes.QuoteUpdater;
import dev.stockpicker.support.Fixtures;

/**
 * What the read-only page tests share: fresh sample quotes, the run's one browser, and no console error after any
 * test. Subclasses carry {@link dev.stockpicker.support.FullStackTest}.
 */
abstract class SampleDataPageTest {

    @LocalServerPort
    int port;
    @Autowired
    QuoteUpdater updater;
    @Autowired
    Fixtures fixtures;

    Browser browser;
    PickerPage page;

    @BeforeAll
    void startBrowserWithSampleData() {
        SampleTickers.loadFresh(fixtures, updater);
        browser = Browser.shared();
        page = new PickerPage(browser, port);
    }

    @AfterEach
    void noConsoleErrors() {
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
