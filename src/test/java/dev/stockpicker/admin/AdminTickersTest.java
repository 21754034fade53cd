package dev.stockpicker.admin;

import static dev.stockpicker.admin.AdminClient.PASSWORD;
import static dev.stockpicker.admin.AdminClient.USER;
import static dev.stockpicker.admin.AdminClient.location;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.stockpicker.support.DatabaseTest;
import dev.stockpicker.support.Fixtures;
import dev.stockpicker.task.TaskState;
import dev.stockpicker.task.TaskStatusStore;
import dev.stockpicker.task.TaskTopology;
import dev.stockpicker.ticker.TickerRepository;

/** The admin's tickers: list and search, a ticker's quotes, delete after a confirmation, refresh one or all. */
@DatabaseTest
class AdminTickersTest {

    static final Pattern TASK_ID = Pattern.compile("queued as task ([0-9a-f-]{36})");

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TickerRepository tickers;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AmqpAdmin amqp;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    TaskTopology topology;
    @Autowired
    TaskStatusStore statuses;

    final LocalDate today = LocalDate.now();
    AdminClient admin;

    @BeforeEach
    void setUp() {
        fixtures.clear();
        fixtures.quote("AAPL", today.minusDays(1), 10.0, 1.0, 10.0, 9.0, 1.1111);
        fixtures.quote("AAPL", today, 11.0, 1.0, 11.0, 9.5, 1.1579);
        fixtures.quote("AMZN", today.minusDays(3), 20.0, 1.0, 20.0, 21.0, 0.9524);
        fixtures.ticker("MSFT");
        amqp.purgeQueue(topology.workQueue(), false);
        admin = AdminClient.loggedIn(port);
    }

    @Test
    void theListShowsEveryTickerWithItsQuoteCountAndLatestDate() {
        String page = admin.get("/admin/").body();

        assertThat(rows(page)).containsExactly("AAPL 2 " + today, "AMZN 1 " + today.minusDays(3),
                "MSFT 0 none yet");
        assertThat(page).contains("3 tickers");
    }

    @Test
    void theSearchNarrowsTheListBySymbolInAnyCase() {
        assertThat(rows(admin.get("/admin/?q=a").body())).extracting(row -> row.split(" ")[0])
                .containsExactly("AAPL", "AMZN");
        assertThat(rows(admin.get("/admin/?q=%20ms%20").body())).extracting(row -> row.split(" ")[0])
                .containsExactly("MSFT");
        String none = admin.get("/admin/?q=ZZZ").body();
        assertThat(rows(none)).isEmpty();
        assertThat(none).contains("0 of 3 tickers match").contains("No tickers.");
    }

    @Test
    void aSearchIsShownAsTextNeverAsMarkup() {
        String page = admin.get("/admin/?q=%3Cscript%3Ealert(1)%3C/script%3E").body();

        assertThat(page).doesNotContain("<script>alert(1)").contains("&lt;script&gt;alert(1)");
    }

    @Test
    void aTickersPageListsItsQuotesNewestFirst() {
        HttpResponse<String> response = admin.get("/admin/tickers/aapl");

        assertThat(response.statusCode()).isEqualTo(200);
        String page = response.body();
        assertThat(page).contains("2 quotes, the latest on " + today);
        assertThat(page.indexOf(today.toString(), page.indexOf("<tbody>")))
                .isLessThan(page.indexOf(today.minusDays(1).toString(), page.indexOf("<tbody>")));
        assertThat(page).contains("1.1579", "9.5");
    }

    @Test
    void anUnknownTickerIsA404PageAndAnInvalidSymbolA400Page() {
        HttpResponse<String> unknown = admin.get("/admin/tickers/NOPE");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("No ticker NOPE.").contains("Stockpicker admin");

        HttpResponse<String> invalid = admin.get("/admin/tickers/BAD%20SYMBOL");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("invalid ticker");
    }

    @Test
    void deletingAsksForConfirmationFirst() {
        HttpResponse<String> confirm = admin.get("/admin/tickers/AAPL/delete");

        assertThat(confirm.statusCode()).isEqualTo(200);
        assertThat(confirm.body()).contains("AAPL and its 2 quotes will be deleted. This cannot be undone.");
        assertThat(tickers.find("AAPL")).isPresent();
    }

    @Test
    void aConfirmedDeleteRemovesTheTickerAndItsQuotes() {
        long id = tickers.find("AAPL").orElseThrow().id();

        HttpResponse<String> response = admin.submit("/admin/tickers/AAPL/delete", "/admin/tickers/AAPL/delete",
                Map.of());

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(location(response)).endsWith("/admin/");
        assertThat(admin.follow(response).body()).contains("Deleted AAPL and its 2 quotes.");
        assertThat(tickers.find("AAPL")).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM quote WHERE ticker_id = ?", Long.class, id)).isZero();
        assertThat(tickers.symbols()).containsExactly("AMZN", "MSFT");
    }

    @Test
    void refreshingATickerQueuesAnUpdateTickerTaskAndShowsItsId() {
        HttpResponse<String> response = admin.submit("/admin/", "/admin/tickers/AAPL/refresh", Map.of());

        assertThat(location(response)).endsWith("/admin/");
        String page = admin.follow(response).body();
        assertThat(page).contains("Refresh of AAPL queued as task");
        String taskId = taskId(page);
        assertThat(statuses.find(taskId)).hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(TaskState.QUEUED));
        Message queued = rabbit.receive(topology.workQueue(), 5_000);
        assertThat(queued).isNotNull();
        assertThat(queued.getMessageProperties().getMessageId()).isEqualTo(taskId);
        assertThat(new String(queued.getBody(), StandardCharsets.UTF_8))
                .contains("\"name\":\"update_ticker\"", "\"args\":[\"AAPL\"]");
    }

    @Test
    void refreshingAllQueuesOneUpdateAllTickersTask() {
        HttpResponse<String> response = admin.submit("/admin/", "/admin/tickers/refresh-all", Map.of());

        String taskId = taskId(admin.follow(response).body());
        Message queued = rabbit.receive(topology.workQueue(), 5_000);
        assertThat(queued).isNotNull();
        assertThat(queued.getMessageProperties().getMessageId()).isEqualTo(taskId);
        assertThat(new String(queued.getBody(), StandardCharsets.UTF_8))
                .contains("\"name\":\"update_all_tickers\"", "\"args\":[]");
        assertThat(amqp.getQueueInfo(topology.workQueue()).getMessageCount()).isZero();
    }

    @Test
    void refreshingAnUnknownTickerQueuesNothing() {
        HttpResponse<String> response = admin.submit("/admin/", "/admin/tickers/NOPE/refresh", Map.of());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(amqp.getQueueInfo(topology.workQueue()).getMessageCount()).isZero();
    }

    /** Each ticker row as "SYMBOL count latest-date". */
    static List<String> rows(String page) {
        Matcher row = Pattern.compile("data-symbol=\"[^\"]+\">\\s*<td><a [^>]*>([^<]+)</a></td>\\s*"
                + "<td class=\"num\">(\\d+)</td>\\s*<td>([^<]*)</td>").matcher(page);
        List<String> rows = new java.util.ArrayList<>();
        while (row.find()) {
            rows.add(row.group(1) + " " + row.group(2) + " " + row.group(3));
        }
        return rows;
    }

    static String taskId(String page) {
        Matcher matcher = TASK_ID.matcher(page);
        assertThat(matcher.find()).as("a task id on the page").isTrue();
        return matcher.group(1);
    }
}
