package dev.stockpicker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.test.context.TestPropertySource;

import dev.stockpicker.support.DatabaseTest;
import dev.stockpicker.support.Http;

/** Without ADMIN_USER and ADMIN_PASSWORD there is no admin: every /admin/ address is a 404, and nobody can log in. */
@DatabaseTest
@TestPropertySource(properties = { "stockpicker.admin.user=", "stockpicker.admin.password=" })
class AdminOffTest {

    @LocalServerPort
    int port;

    @Test
    void everyAdminAddressAnswers404() {
        AdminClient client = new AdminClient(port);
        for (String path : new String[] { "/admin", "/admin/", "/admin/login", "/admin/tasks", "/admin/api/tasks",
                "/admin/tickers/AAPL", "/admin/assets/admin.css", "/admin/assets/tasks.js", "/admin/nothing" }) {
            HttpResponse<String> response = client.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().map()).as(path).doesNotContainKey("set-cookie");
        }
    }

    @Test
    void postingTheLoginFormOrAnyAdminFormAnswers404() {
        AdminClient client = new AdminClient(port);
        assertThat(client.post("/admin/login", Map.of("username", "admin", "password", "admin")).statusCode())
                .isEqualTo(404);
        assertThat(client.post("/admin/tickers/refresh-all", Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void noAccountExists(@Autowired UserDetailsService accounts) {
        // Spring Boot would otherwise create a "user" with a generated password and log it.
        assertThatThrownBy(() -> accounts.loadUserByUsername("user")).isInstanceOf(UsernameNotFoundException.class);
        assertThatThrownBy(() -> accounts.loadUserByUsername("admin")).isInstanceOf(UsernameNotFoundException.class);
    }

    @Test
    void theJsonApiAnswersAsBefore() {
        assertThat(new Http(port).get("/tickers/tickerlist/").statusCode()).isEqualTo(200);
    }
}
