package dev.stockpicker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.stockpicker.support.DatabaseTest;
import dev.stockpicker.support.RawHttp;

/** A forged Host (or X-Forwarded-Host) header never becomes the Location of a redirect: redirects are relative. */
@DatabaseTest
class ForgedHostTest {

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = { "/admin/", "/admin", "/admin/tasks", "/admin/tickers/AAPL", "/admin/logout" })
    void theLoginRedirectIgnoresAForgedHost(String path) {
        RawHttp.Answer answer = RawHttp.send(port, "GET " + path + " HTTP/1.1\r\nHost: evil.example\r\n"
                + "X-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\nAccept: text/html\r\n");

        assertThat(answer.status()).as(path).isEqualTo(302);
        assertThat(answer.header("Location")).as(path).startsWith("/admin/login").doesNotContain("evil")
                .doesNotContain("//");
    }
}
