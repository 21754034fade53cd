package dev.stockpicker.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.stockpicker.support.DatabaseTest;
import dev.stockpicker.support.Fixtures;
import dev.stockpicker.support.Http;
import dev.stockpicker.ticker.TickerRepository;

/** Every class of bad input gets a 4xx with {"success": false, "error": reason}: never a 5xx, HTML or a trace. */
@DatabaseTest
class BadInputTest {

    @Autowired
    Fixtures fixtures;
    @Autowired
    TickerRepository tickers;
    @LocalServerPort
    int port;
    Http http;

    @BeforeEach
    void setUp() {
        fixtures.clear();
        fixtures.ticker("TEST");
        http = new Http(port);
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{\"ticker\": ", "not valid JSON"),
                Arguments.of("not json at all", "not valid JSON"),
                Arguments.of("", "not valid JSON"),
                Arguments.of("[\"TEST\"]", "must be a JSON object"),
                Arguments.of("\"TEST\"", "must be a JSON object"),
                Arguments.of("{}", "ticker\\\" is required"),
                Arguments.of("{\"ticker\": null}", "ticker\\\" is required"),
                Arguments.of("{\"ticker\": 5}", "ticker\\\" must be a string"),
                Arguments.of("{\"ticker\": [\"TEST\"]}", "ticker\\\" must be a string"),
                Arguments.of("{\"ticker\": {\"symbol\": \"TEST\"}}", "ticker\\\" must be a string"),
                Arguments.of("{\"ticker\": \"\"}", "must not be empty"),
                Arguments.of("{\"ticker\": \"BAD SYMBOL\"}", "invalid ticker"),
                Arguments.of("{\"ticker\": \"ABCDEFGHIJK\"}", "invalid ticker"),
                Arguments.of("{\"ticker\": \"<script>\"}", "invalid ticker"),
                // upper-cased or trimmed into a valid ASCII ticker before: SS, S, IBM, AAPL
                Arguments.of("{\"ticker\": \"\u00df\"}", "invalid ticker"),
                Arguments.of("{\"ticker\": \"\u017f\"}", "invalid ticker"),
                Arguments.of("{\"ticker\": \"\u0131BM\"}", "invalid ticker"),
                Arguments.of("{\"ticker\": \"AAPL\\u0000\"}", "control characters"),
                Arguments.of("{\"ticker\": \"AAPL\\u001f\"}", "control characters"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void tickerDataRefusesABadBodyWith400AndAReason(String body, String reason) {
        assertRefused(http.postJson("/tickers/tickerdata/", body), 400, reason);
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void addTickerRefusesABadBodyWith400AndCreatesNothing(String body, String reason) {
        assertRefused(http.postJson("/tickers/addticker/", body), 400, reason);
        assertThat(tickers.symbols()).containsExactly("TEST");
    }

    @Test
    void aBodyOverTheCapIsRefusedWith413() {
        String big = "{\"ticker\": \"TEST\", \"padding\": \"" + "x".repeat(10_000) + "\"}";
        assertRefused(http.postJson("/tickers/tickerdata/", big), 413, "too large");
    }

    @Test
    void aChunkedBodyOverTheCapIsRefusedWith413() {
        String big = "{\"ticker\": \"TEST\", \"padding\": \"" + "x".repeat(10_000) + "\"}";
        byte[] bytes = big.getBytes();
        // An input-stream publisher has no declared length, so the client sends it chunked.
        HttpRequest.Builder request = http.request("/tickers/tickerdata/")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)));
        assertRefused(http.send(request), 413, "too large");
    }

    @ParameterizedTest
    @ValueSource(strings = { "text/plain", "application/x-www-form-urlencoded", "application/xml" })
    void aBodyThatIsNotJsonContentIsRefusedWith415(String contentType) {
        assertRefused(http.post("/tickers/tickerdata/", contentType, "{\"ticker\": \"TEST\"}"), 415,
                "application/json");
    }

    @Test
    void aWrongMethodIsRefusedWith405() {
        assertRefused(http.get("/tickers/tickerdata/"), 405, "GET not allowed");
        assertRefused(http.get("/tickers/addticker/"), 405, "GET not allowed");
        assertRefused(http.postJson("/tickers/tickerlist/", "{}"), 405, "POST not allowed");
        assertRefused(http.send(http.request("/tickers/recommendations/").DELETE()), 405, "DELETE not allowed");
    }

    @Test
    void anUnknownPathIsA404InJson() {
        assertRefused(http.get("/tickers/nothing-here/"), 404, "no such resource");
    }

    @Test
    void pathsWorkWithAndWithoutTheTrailingSlashWithoutRedirect() {
        for (String path : new String[] { "/tickers/tickerlist", "/tickers/tickerlist/" }) {
            assertThat(http.get(path).statusCode()).as(path).isEqualTo(200);
        }
        for (String path : new String[] { "/tickers/tickerdata", "/tickers/tickerdata/" }) {
            assertThat(http.postJson(path, "{\"ticker\": \"TEST\"}").statusCode()).as(path).isEqualTo(200);
        }
        for (String path : new String[] { "/tickers/recommendations", "/tickers/recommendations/" }) {
            assertThat(http.get(path).statusCode()).as(path).isEqualTo(412);
        }
    }

    @Test
    void aLowerCaseSymbolIsUpperCased() {
        HttpResponse<String> response = http.postJson("/tickers/tickerdata/", "{\"ticker\": \" test \"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"ticker\":\"TEST\"");
    }

    private static void assertRefused(HttpResponse<String> response, int status, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).startsWith("{\"success\":false,\"error\":\"").contains(reason)
                .doesNotContain("Exception").doesNotContain("at dev.");
    }
}
