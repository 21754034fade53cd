package dev.stockpicker.admin;

import static dev.stockpicker.admin.AdminClient.PASSWORD;
import static dev.stockpicker.admin.AdminClient.USER;
import static dev.stockpicker.admin.AdminClient.location;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.userdetails.UserDetailsService;

import dev.stockpicker.support.DatabaseTest;
import dev.stockpicker.support.Fixtures;
import dev.stockpicker.support.Http;
import dev.stockpicker.task.TaskTopology;

/** With ADMIN_USER and ADMIN_PASSWORD set: the login, CSRF on admin forms, and a JSON API left exactly as it was. */
@DatabaseTest
class AdminLoginTest {

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;
    @Autowired
    Fixtures fixtures;
    @Autowired
    AmqpAdmin amqp;
    @Autowired
    TaskTopology topology;

    AdminClient admin;

    @BeforeEach
    void setUp() {
        fixtures.clear();
        admin = new AdminClient(port);
    }

    @Test
    void aPageRedirectsToTheLoginFormWhenNotLoggedIn() {
        for (String path : new String[] { "/admin/", "/admin", "/admin/tasks", "/admin/tickers/AAPL" }) {
            HttpResponse<String> response = admin.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(302);
            assertThat(location(response)).as(path).endsWith("/admin/login");
        }
        HttpResponse<String> login = admin.get("/admin/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("name=\"username\"", "name=\"password\"", "name=\"_csrf\"");
    }

    @Test
    void theTasksJsonAnswers401WhenNotLoggedIn() {
        assertThat(admin.getJson("/admin/api/tasks").statusCode()).isEqualTo(401);
    }

    @Test
    void aWrongPasswordIsRefused() {
        HttpResponse<String> response = admin.login(USER, "wrong password");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(location(response)).endsWith("/admin/login?error");
        assertThat(admin.follow(response).body()).contains("Wrong user name or password");
        assertThat(location(admin.get("/admin/"))).endsWith("/admin/login");
    }

    @Test
    void anUnknownUserIsRefused() {
        assertThat(location(admin.login("root", PASSWORD))).endsWith("/admin/login?error");
    }

    @Test
    void theRightPasswordLetsTheAdminIn() {
        HttpResponse<String> response = admin.login(USER, PASSWORD);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(location(response)).endsWith("/admin/");
        HttpResponse<String> tickers = admin.get("/admin/");
        assertThat(tickers.statusCode()).isEqualTo(200);
        assertThat(tickers.body()).contains("<h1>Tickers</h1>");
        assertThat(admin.getJson("/admin/api/tasks").statusCode()).isEqualTo(200);
    }

    @Test
    void afterLoggingOutThePagesNeedALoginAgain() {
        admin.login(USER, PASSWORD);

        HttpResponse<String> response = admin.submit("/admin/", "/admin/logout", Map.of());

        assertThat(location(response)).endsWith("/admin/login?logout");
        assertThat(location(admin.get("/admin/"))).endsWith("/admin/login");
    }

    @Test
    void aFormPostWithoutTheCsrfTokenIsRefusedAndDoesNothing() {
        fixtures.ticker("AAPL");
        admin = AdminClient.loggedIn(port);
        amqp.purgeQueue(topology.workQueue(), false);

        assertThat(admin.post("/admin/tickers/refresh-all", Map.of()).statusCode()).isEqualTo(403);
        assertThat(admin.post("/admin/tickers/AAPL/delete", Map.of()).statusCode()).isEqualTo(403);
        assertThat(admin.post("/admin/tasks/requeue-all", Map.of()).statusCode()).isEqualTo(403);
        assertThat(admin.post("/admin/tickers/AAPL/delete", Map.of("_csrf", "forged")).statusCode()).isEqualTo(403);

        assertThat(amqp.getQueueInfo(topology.workQueue()).getMessageCount()).isZero();
        assertThat(admin.get("/admin/tickers/AAPL").statusCode()).isEqualTo(200);
    }

    @Test
    void aLoginWithoutTheCsrfTokenIsRefused() {
        HttpResponse<String> response = admin.post("/admin/login", Map.of("username", USER, "password", PASSWORD));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(location(admin.get("/admin/"))).endsWith("/admin/login");
    }

    @Test
    void theJsonApiAndActuatorNeedNoTokenAndGetNoSessionNorCachingHeaders() {
        fixtures.quote("TEST", java.time.LocalDate.now(), 1.0, 1.0, 1.0, 1.0, 1.0);
        Http api = new Http(port);

        HttpResponse<String> data = api.postJson("/tickers/tickerdata/", "{\"ticker\": \"TEST\"}");
        HttpResponse<String> list = api.get("/tickers/tickerlist/");
        HttpResponse<String> liveness = new Http(managementPort).get("/actuator/health/liveness");

        for (HttpResponse<String> response : java.util.List.of(data, list, liveness)) {
            assertThat(response.statusCode()).isEqualTo(200);
            // Spring Security writes these wherever its filters run: the API is outside them.
            assertThat(response.headers().map()).doesNotContainKeys("set-cookie", "cache-control", "pragma",
                    "expires");
        }
        assertThat(data.body()).contains("\"symbol\":\"TEST\"");
        assertThat(list.body()).isEqualTo("{\"tickers\":[\"TEST\"]}");
    }

    @Test
    void adminPagesSendAStrictContentSecurityPolicyAndHaveNoInlineScriptOrStyle() {
        admin = AdminClient.loggedIn(port);
        for (String path : new String[] { "/admin/login", "/admin/", "/admin/tasks" }) {
            HttpResponse<String> page = admin.get(path);
            assertThat(page.headers().firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(csp ->
                    assertThat(csp).contains("script-src 'self'", "style-src 'self'").doesNotContain("unsafe"));
            assertThat(page.body()).as(path).doesNotContain("<script>", "<style", "style=\"", "onclick", "onsubmit");
        }
    }

    @Test
    void thePasswordIsKeptOnlyAsABcryptHash(@Autowired UserDetailsService accounts) {
        String stored = accounts.loadUserByUsername(USER).getPassword();

        assertThat(stored).startsWith("{bcrypt}$2").doesNotContain(PASSWORD);
    }
}
