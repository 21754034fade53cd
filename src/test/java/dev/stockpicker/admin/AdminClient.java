package dev.stockpicker.admin;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.stockpicker.support.AdminAccount;
import dev.stockpicker.support.Http;

/**
 * A browser-like HTTP client for the admin: keeps its cookies (the session), does not follow redirects (tests look
 * at them), and submits forms with the CSRF token of the page they are on, as a browser would.
 */
final class AdminClient {

    static final String USER = AdminAccount.USER;
    static final String PASSWORD = AdminAccount.PASSWORD;

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final Http http;

    AdminClient(int port) {
        this.http = Http.withCookies(port);
    }

    /** A logged-in client. */
    static AdminClient loggedIn(int port) {
        AdminClient admin = new AdminClient(port);
        HttpResponse<String> response = admin.login(USER, PASSWORD);
        if (!location(response).endsWith("/admin/")) {
            throw new IllegalStateException("login failed: " + response.statusCode() + " " + location(response));
        }
        return admin;
    }

    HttpResponse<String> login(String user, String password) {
        return submit("/admin/login", "/admin/login", Map.of("username", user, "password", password));
    }

    HttpResponse<String> get(String path) {
        return http.send(http.request(path).header("Accept", "text/html").GET());
    }

    HttpResponse<String> getJson(String path) {
        return http.send(http.request(path).header("Accept", "application/json").GET());
    }

    /** Opens {@code page} and posts {@code fields} to {@code action} with the page's CSRF token. */
    HttpResponse<String> submit(String page, String action, Map<String, String> fields) {
        Map<String, String> withToken = new LinkedHashMap<>(fields);
        withToken.put("_csrf", csrfToken(get(page).body()));
        return post(action, withToken);
    }

    /** Posts a form as it is, with no token added. */
    HttpResponse<String> post(String action, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        return http.send(http.request(action).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Follows a redirect the way a browser would, with this client's cookies. */
    HttpResponse<String> follow(HttpResponse<String> redirect) {
        return http.send(HttpRequest.newBuilder(http.uri("/").resolve(location(redirect)))
                .header("Accept", "text/html").GET());
    }

    static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElse("");
    }

    static String csrfToken(String html) {
        Matcher matcher = CSRF.matcher(html);
        if (!matcher.find()) {
            throw new IllegalStateException("no CSRF token on the page: " + html);
        }
        return matcher.group(1);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
