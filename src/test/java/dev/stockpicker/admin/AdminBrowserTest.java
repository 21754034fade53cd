package dev.stockpicker.admin;

import static dev.stockpicker.admin.AdminClient.PASSWORD;
import static dev.stockpicker.admin.AdminClient.USER;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Matcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.stockpicker.support.Browser;
import dev.stockpicker.support.Fixtures;
import dev.stockpicker.support.FullStackTest;
import dev.stockpicker.task.TaskNames;
import dev.stockpicker.task.TaskTopology;
import dev.stockpicker.ticker.TickerRepository;

/**
 * The admin in the run's headless Chromium, with a real worker (the full stack's context: the worker role beside the
 * web role, on the same queues and sample data): a wrong password is refused, the right one logs in, a delete asks first, a refresh
 * shows its task and the tasks view, refreshing itself, follows it to done; a requeued dead letter runs. No page
 * logs an error (a CSP violation would). Screenshots go to target/screenshots/.
 */
@FullStackTest
class AdminBrowserTest {

    static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);

    Browser chromium;

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TickerRepository tickers;
    @Autowired
    AmqpAdmin amqp;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    TaskTopology topology;
    @Autowired
    JdbcTemplate jdbc;

    WebDriver browser;

    @BeforeAll
    void takeTheBrowser() {
        chromium = Browser.shared();
    }

    @BeforeEach
    void setUp() {
        TaskIsolation.purge(amqp, topology);
        fixtures.clear();
        fixtures.ticker("AAPL");
        fixtures.ticker("MSFT");
        browser = chromium.driver();
        browser.manage().deleteAllCookies();
        chromium.desktop();
    }

    @AfterEach
    void noPageLoggedAnError() {
        assertThat(chromium.consoleErrors()).isEmpty();
    }

    @Test
    void aWrongPasswordIsRefusedAndTheRightOneLetsTheAdminIn() {
        browser.get(url("/admin/"));
        assertThat(browser.getCurrentUrl()).endsWith("/admin/login");

        logIn(PASSWORD + "x");
        assertThat(browser.findElement(By.id("login-error")).getText()).isEqualTo("Wrong user name or password.");
        chromium.screenshot("admin-login-refused");
        assertThat(browser.findElements(By.id("tickers"))).isEmpty();

        logIn(PASSWORD);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Tickers");
        assertThat(browser.findElements(By.cssSelector("#tickers tbody tr[data-symbol]")))
                .extracting(row -> row.getAttribute("data-symbol")).containsExactly("AAPL", "MSFT");
    }

    @Test
    void deletingATickerAsksFirstThenRemovesIt() {
        browser.get(url("/admin/login"));
        logIn(PASSWORD);

        row("MSFT").findElement(By.cssSelector("a.delete")).click();
        assertThat(browser.findElement(By.id("confirm-text")).getText())
                .isEqualTo("MSFT and its 0 quotes will be deleted. This cannot be undone.");
        chromium.screenshot("admin-delete-confirm");
        assertThat(tickers.find("MSFT")).isPresent();
        browser.findElement(By.id("confirm-delete")).click();

        assertThat(notice().getText()).isEqualTo("Deleted MSFT and its 0 quotes.");
        assertThat(browser.findElements(By.cssSelector("tr[data-symbol='MSFT']"))).isEmpty();
        assertThat(tickers.find("MSFT")).isEmpty();
    }

    @Test
    void aRefreshShowsItsTaskAndTheTasksViewFollowsItToDone() {
        browser.get(url("/admin/login"));
        logIn(PASSWORD);

        row("AAPL").findElement(By.cssSelector("button.refresh")).click();
        String notice = notice().getText();
        Matcher id = AdminTickersTest.TASK_ID.matcher(notice);
        assertThat(id.find()).as(notice).isTrue();

        browser.findElement(By.linkText("Follow it in Tasks")).click();
        // The page refreshes itself: its script redraws it from the JSON, so the row reaches "done" without a reload.
        chromium.waiting(TASK_TIMEOUT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("updated"),
                "refreshed every"));
        assertThat(redrawn(By.cssSelector("#recent-tasks tr[data-id='" + id.group(1) + "'] .state-done"),
                WebElement::getText)).isEqualTo("done");
        // The worker role beside this web role (its id is pid@host).
        assertThat(browser.findElement(By.cssSelector("#workers tbody")).getText()).contains("@");
        chromium.screenshot("admin-tasks");
        chromium.phone();
        chromium.screenshot("admin-tasks-phone");
        chromium.desktop();

        browser.get(url("/admin/"));
        assertThat(row("AAPL").getText()).doesNotContain("none yet");
        assertThat(quoteCount("AAPL")).isPositive();
        chromium.screenshot("admin-tickers");
        row("AAPL").findElement(By.linkText("AAPL")).click();
        assertThat(browser.findElements(By.cssSelector("#quotes tbody tr"))).hasSize((int) quoteCount("AAPL"));
    }

    @Test
    void aRequeuedDeadLetterRuns() {
        String dead = DeadLetterFixtures.deadLetter(rabbit, topology, TaskNames.UPDATE_TICKER, "MSFT",
                "the source was down");
        browser.get(url("/admin/login"));
        logIn(PASSWORD);
        browser.get(url("/admin/tasks"));
        // Once the script has redrawn the page, the requeue button is in a form it built (with the CSRF token).
        chromium.waiting(TASK_TIMEOUT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("updated"),
                "refreshed every"));
        String letter = "#dead-letters tr[data-id='" + dead + "']";
        assertThat(redrawn(By.cssSelector(letter), WebElement::getText)).contains("update_ticker", "MSFT", "the source was down");
        chromium.screenshot("admin-tasks-dead-letter");

        redrawn(By.cssSelector(letter + " button.requeue"), button -> {
            button.click();
            return true;
        });

        assertThat(notice().getText()).contains("requeued as a new task");
        // The script replaces the rows, never the table body, so the body is safe to read while it polls.
        chromium.waiting(TASK_TIMEOUT).until(driver -> driver.findElement(By.cssSelector("#recent-tasks tbody"))
                .getText().contains("update_ticker MSFT done"));
        assertThat(browser.findElement(By.cssSelector("#dead-letters tbody")).getText()).isEqualTo("No dead letters.");
        assertThat(quoteCount("MSFT")).isPositive();
    }

    /**
     * Uses an element of the tasks view at once: the script redraws the rows twice a second in tests, so one found a
     * moment earlier may be gone; when it is, it is looked up again.
     */
    private <T> T redrawn(By locator, Function<WebElement, T> use) {
        return chromium.waiting(TASK_TIMEOUT).ignoring(StaleElementReferenceException.class)
                .until(driver -> use.apply(driver.findElement(locator)));
    }

    /** The notice of the page a form post redirected to: waits for that page, the click returns before it loads. */
    private WebElement notice() {
        return chromium.waiting(TASK_TIMEOUT).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
    }

    /** Submits the login form and waits for the page it leads to (the click may return before it loads). */
    private void logIn(String password) {
        String form = browser.getCurrentUrl();
        browser.findElement(By.id("username")).sendKeys(USER);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("log-in")).click();
        chromium.waiting(TASK_TIMEOUT).until(driver -> !form.equals(driver.getCurrentUrl())
                && "complete".equals(((JavascriptExecutor) driver).executeScript("return document.readyState")));
    }

    /** Leaves the tasks view, whose script would otherwise keep polling this context after the class. */
    @AfterAll
    void leaveThePages() {
        browser.get("about:blank");
    }

    private WebElement row(String symbol) {
        return browser.findElement(By.cssSelector("#tickers tr[data-symbol='" + symbol + "']"));
    }

    private long quoteCount(String symbol) {
        return jdbc.queryForObject("SELECT count(*) FROM quote q JOIN ticker t ON t.id = q.ticker_id "
                + "WHERE t.symbol = ?", Long.class, symbol);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
