package dev.stockpicker.admin;

import static dev.stockpicker.admin.AdminClient.PASSWORD;
import static dev.stockpicker.admin.AdminClient.USER;
import static dev.stockpicker.admin.AdminClient.location;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.catalina.Context;
import org.apache.catalina.Manager;
import org.apache.catalina.Session;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import dev.stockpicker.support.DatabaseTest;
import dev.stockpicker.support.Http;
import dev.stockpicker.support.RawHttp;

/**
 * Sessions exist only after a successful login: anonymous requests (98,000 of them once filled the heap) leave no
 * server-side state; the session cookie is HttpOnly and SameSite, lives 30 idle minutes, and one user holds at most
 * a few at once. The admin's redirects and 401s carry the security headers.
 */
@DatabaseTest
class AdminSessionTest {

    @LocalServerPort
    int port;
    @Autowired
    WebServerApplicationContext context;

    Manager sessions() {
        Context app = (Context) ((TomcatWebServer) context.getWebServer()).getTomcat().getHost().findChildren()[0];
        return app.getManager();
    }

    @Test
    void anonymousRequestsCreateNoSession() {
        AdminClient anonymous = new AdminClient(port);
        Http http = new Http(port);
        int before = sessions().getActiveSessions();
        for (int i = 0; i < 50; i++) {
            for (HttpResponse<String> response : List.of(anonymous.get("/admin/"), anonymous.get("/admin/login"),
                    anonymous.get("/admin/tasks"), anonymous.getJson("/admin/api/tasks"),
                    http.get("/tickers/tickerlist/"), http.get("/"), http.get("/health/app/"))) {
                assertThat(response.headers().allValues("Set-Cookie")).as(response.uri().toString())
                        .noneMatch(cookie -> cookie.startsWith("JSESSIONID"));
            }
        }
        assertThat(anonymous.login(USER, "wrong password").headers().allValues("Set-Cookie"))
                .noneMatch(cookie -> cookie.startsWith("JSESSIONID"));
        assertThat(sessions().getActiveSessions()).isEqualTo(before);
    }

    @Test
    void aLoginGetsAnHttpOnlySameSiteSessionThatLastsThirtyIdleMinutes() throws Exception {
        AdminClient admin = new AdminClient(port);
        HttpResponse<String> login = admin.login(USER, PASSWORD);

        assertThat(location(login)).isEqualTo("/admin/");
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID"))
                .findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
        String id = cookie.substring("JSESSIONID=".length(), cookie.indexOf(';'));
        Session session = sessions().findSession(id);
        assertThat(session).isNotNull();
        assertThat(session.getMaxInactiveInterval()).isEqualTo(30 * 60);
        assertThat(admin.get("/admin/").statusCode()).isEqualTo(200);
    }

    @Test
    void aUserHoldsAtMostThreeSessionsTheOldestEnds() {
        AdminClient first = AdminClient.loggedIn(port);
        assertThat(first.get("/admin/").statusCode()).isEqualTo(200);
        for (int i = 0; i < AdminSecurity.MAX_SESSIONS; i++) {
            AdminClient.loggedIn(port);
        }
        HttpResponse<String> expired = first.get("/admin/");
        assertThat(expired.statusCode()).isEqualTo(302);
        assertThat(location(expired)).startsWith("/admin/login");
    }

    @Test
    void theAdminsRedirectsAnd401sCarryTheSecurityHeaders() {
        AdminClient anonymous = new AdminClient(port);
        HttpResponse<String> redirect = anonymous.get("/admin/");
        HttpResponse<String> unauthorized = anonymous.getJson("/admin/api/tasks");
        HttpResponse<String> refused = anonymous.login(USER, "wrong password");

        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(refused.statusCode()).isEqualTo(302);
        for (HttpResponse<String> response : List.of(redirect, unauthorized, refused)) {
            assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                    csp -> assertThat(csp).contains("default-src 'none'"));
        }
    }

    @Test
    void theCsrfTokenCookieIsSameSiteAndTheLoginWorksWithAForgedHostToo() {
        RawHttp.Answer page = RawHttp.get(port, "/admin/login");
        String setCookie = page.header("Set-Cookie");
        assertThat(setCookie).startsWith("XSRF-TOKEN=").contains("HttpOnly").containsIgnoringCase("SameSite=Lax")
                .doesNotContain("JSESSIONID");
        String csrfCookie = setCookie.substring(0, setCookie.indexOf(';'));
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).isTrue();

        String form = "username=" + USER + "&password=" + PASSWORD + "&_csrf=" + token.group(1);
        RawHttp.Answer login = RawHttp.send(port, "POST /admin/login HTTP/1.1\r\nHost: evil.example\r\n"
                + "Cookie: " + csrfCookie + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + form.length() + "\r\n", form);
        assertThat(login.status()).isEqualTo(302);
        assertThat(login.header("Location")).isEqualTo("/admin/");
        assertThat(login.header("Set-Cookie")).contains("JSESSIONID=");
    }
}
