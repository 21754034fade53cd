package dev.stockpicker.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.stockpicker.support.DatabaseTest;
import dev.stockpicker.support.RawHttp;

/**
 * Errors that never reach the API's handler: Spring Security's firewall, Tomcat's own refusals of a URI or of a
 * request line without a version (HTTP/0.9), and the error dispatch itself. Each is still the API's JSON error with
 * the security headers, over a real socket (MockMvc goes through neither Tomcat nor the firewall).
 */
@DatabaseTest
class ErrorShapeTest {

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = { "//tickers//tickerlist/", "/tickers//tickerlist/", "/tickers/%2Ftickerlist/",
            "/tickers%2Ftickerlist/", "/tickers/%2e%2e/tickerlist/", "/tickers/%2E%2E/%2E%2E/etc/passwd",
            "/%2e%2e/tickers/tickerlist/", "/health/%2e%2e/app/", "/health//app/", "/health/%2Fapp/",
            "/tickers/tickerlist/%", "/tickers/tickerlist/%zz", "/tickers/%00/", "/tickers/;x=1/tickerlist/",
            "/health/app/%5C", "/tickers/../../etc/passwd", "/health/nothing/" })
    void aRefusedPathIsA4xxJsonErrorWithTheSecurityHeaders(String path) {
        assertJsonError(RawHttp.get(port, path), path);
    }

    @Test
    void getErrorItselfIsNeverA5xx() {
        RawHttp.Answer answer = RawHttp.get(port, "/error");
        assertJsonError(answer, "/error");
        assertThat(answer.status()).isEqualTo(404);
    }

    @Test
    void aBrowserAskingForHtmlStillGetsTheJsonError() {
        String path = "//tickers//tickerlist/";
        assertJsonError(RawHttp.send(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n"), path);
    }

    @Test
    void postToErrorIsNeverA5xx() {
        RawHttp.Answer answer = RawHttp.send(port, "POST /error HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n");
        assertJsonError(answer, "POST /error");
    }

    @Test
    void aRequestLineWithoutAVersionIsRefusedAsHttp11NotServedAsHttp09() {
        RawHttp.Answer answer = http09("/tickers/tickerlist/");
        assertJsonError(answer, "HTTP/0.9");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains(Http09Refusal.REASON).doesNotContain("tickers");
        assertThat(answer.header("Connection")).isEqualTo("close");
    }

    /** Tomcat's processor stays in HTTP/0.9 mode when recycled: the next one to use it must still send headers. */
    @Test
    void aRequestLineThatDoesNotParseAfterAnHttp09RequestStillGetsItsHeaders() {
        for (int i = 0; i < 5; i++) {
            http09("/health/app/");
            assertJsonError(raw("GET /tickers/a\tb/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                    "after HTTP/0.9");
        }
    }

    private RawHttp.Answer http09(String path) {
        return raw("GET " + path + "\r\n");
    }

    private RawHttp.Answer raw(String request) {
        return RawHttp.exchange(port, request.getBytes(StandardCharsets.US_ASCII), 5_000);
    }

    static void assertJsonError(RawHttp.Answer answer, String path) {
        assertThat(answer.status()).as(path + " " + answer.body()).isBetween(400, 499);
        assertThat(answer.header("Content-Type")).as(path).startsWith("application/json");
        assertThat(answer.body()).as(path).startsWith("{\"success\":false,\"error\":\"").endsWith("\"}")
                .doesNotContain("Exception").doesNotContain("Tomcat").doesNotContain("<");
        assertThat(answer.header("Content-Security-Policy")).as(path).contains("default-src 'none'");
        assertThat(answer.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
        assertThat(answer.header("X-Frame-Options")).as(path).isEqualTo("DENY");
        assertThat(answer.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
    }
}
