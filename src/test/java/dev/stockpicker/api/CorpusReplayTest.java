package dev.stockpicker.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.stockpicker.api.BadInputCorpus.Entry;
import dev.stockpicker.support.RawHttp;

/** The corpus's parser and checker on their own: what they send, and that a wrong answer is caught. */
class CorpusReplayTest {

    private static final Map<String, String> SECURE = Map.of("content-type", "application/json",
            "content-security-policy", "default-src 'none'", "x-content-type-options", "nosniff",
            "x-frame-options", "DENY", "referrer-policy", "no-referrer");

    @Test
    void anEntryIsSentByteForByteWithItsDefaultHeaders() {
        Entry entry = BadInputCorpus.parse("""
                400 json POST /a%00 -- why
                    X-Raw: \\x00\\xFF[[3*ab]]
                    body: {"t":"\\xC3"}
                """).get(0);
        assertThat(entry.request()).isEqualTo(bytes("POST /a%00 HTTP/1.1\r\nX-Raw: \u0000\u00ffababab\r\n"
                + "Host: localhost\r\nContent-Length: 9\r\nConnection: close\r\n\r\n{\"t\":\"\u00c3\"}"));
        assertThat(entry.why()).isEqualTo("why");
    }

    @Test
    void familiesWriteOneRequestPerItemAndTarget() {
        List<Entry> entries = BadInputCorpus.parse("""
                @symbols 400 json
                    -- empty
                    A B -- a space
                @methods 405 json PUT HEAD
                    /x
                [other]
                404 json RAW GET\\x20/\\x20HTTP/1.0
                    -Host
                """);
        assertThat(entries).hasSize(9);
        assertThat(entries.get(0).requestText()).endsWith("{\"ticker\":\"\"}");
        assertThat(entries.get(5).requestText()).startsWith("GET /tickers/task/A%20B/ HTTP/1.1");
        assertThat(entries.get(7).shape()).isEqualTo(BadInputCorpus.Shape.NOBODY);
        assertThat(entries.get(8).section()).isEqualTo("other");
        assertThat(entries.get(8).requestText()).isEqualTo("GET / HTTP/1.0\r\nConnection: close\r\n\r\n");
    }

    @Test
    void theRightRefusalPasses() {
        assertThat(CorpusReplay.problems(entry("400"), answer(400, "{\"success\":false,\"error\":\"bad \\\"x\\\"\"}")))
                .isEmpty();
        assertThat(CorpusReplay.problems(entry("4xx"), answer(413, "{\"success\":false,\"error\":\"too large\"}")))
                .isEmpty();
    }

    @Test
    void aWrongAnswerIsCaught() {
        String good = "{\"success\":false,\"error\":\"x\"}";
        assertThat(CorpusReplay.problems(entry("400"), answer(500, good))).contains("a 5xx");
        assertThat(CorpusReplay.problems(entry("400"), answer(200, good))).contains("expected 400");
        assertThat(CorpusReplay.problems(entry("400"), answer(400, "<html>Tomcat</html>")))
                .contains("not the API's error body", "the body shows Tomcat");
        assertThat(CorpusReplay.problems(entry("400"),
                answer(400, "{\"success\":false,\"error\":\"at org.postgresql.Driver\"}")))
                .contains("the body shows org.postgresql");
        assertThat(CorpusReplay.problems(entry("400"), new RawHttp.Answer(400, Map.of("content-type",
                "application/json"), good))).contains("without the security headers");
        assertThat(CorpusReplay.problems(entry("400"), new RawHttp.Answer(0, Map.of(), ""))).contains("no HTTP answer");
    }

    @Test
    void whatTheRequestSentMayBeEchoed() {
        Entry sql = BadInputCorpus.parse("400 json GET /tickers/SELECT%20x\n").get(0);
        assertThat(CorpusReplay.problems(sql, answer(400, "{\"success\":false,\"error\":\"no SELECT x\"}"))).isEmpty();
    }

    private static Entry entry(String expect) {
        return BadInputCorpus.parse(expect + " json GET /x\n").get(0);
    }

    private static RawHttp.Answer answer(int status, String body) {
        return new RawHttp.Answer(status, SECURE, body);
    }

    private static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }
}
