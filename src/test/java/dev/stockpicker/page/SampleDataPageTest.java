package dev.stockpicker.page;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.stockpicker.support.Browser;
import dev.stockpicker.quotes.QuoteUpdater;
import dev.stockpicker.support.Fixtures;

/**
 * What the page's browser tests share: fresh sample quotes, the run's one browser and the page object. Subclasses
 * carry {@link dev.stockpicker.support.FullStackTest}; the read-only ones extend {@link ReadOnlyPageTest}.
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
}
