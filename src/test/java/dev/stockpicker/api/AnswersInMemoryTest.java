package dev.stockpicker.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.stockpicker.support.DatabaseTest;
import dev.stockpicker.support.Fixtures;
import dev.stockpicker.support.Http;
import dev.stockpicker.ticker.QuoteRepository;
import dev.stockpicker.ticker.QuoteRow;
import dev.stockpicker.ticker.TickerRepository;

/**
 * The ticker list, recommendations and charts are kept in memory, yet a request never gets an answer older than
 * the data committed before it: writes through the repositories the workers use, and through a connection of
 * another "process", show in the very next answer (no waiting). ETag/304 and gzip on a real server.
 */
@DatabaseTest
class AnswersInMemoryTest {

    @Autowired
    Fixtures fixtures;
    @Autowired
    TickerRepository tickers;
    @Autowired
    QuoteRepository quotes;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSourceProperties database;
    @Autowired
    TickerAnswers answers;
    @LocalServerPort
    int port;

    final LocalDate day = LocalDate.of(2025, 11, 3);
    Http http;

    @BeforeEach
    void setUp() {
        fixtures.clear();
        http = new Http(port);
    }

    @Test
    void everyQuoteWrittenLikeAWorkerDoesIsInTheNextAnswer() {
        fixtures.quoteWithRatio("SPY", day, 1.0);
        long id = fixtures.ticker("AAA").id();
        for (int i = 1; i <= 30; i++) {
            // Each round: one worker-style upsert, then at once the three answers (each then held in memory).
            // Exact in binary and in 4 digits, so the JSON shows them as Double.toString does.
            double ratio = (i % 2 == 0 ? 0.5 : 1.5) + (i % 8) / 16.0;
            quotes.upsert(id, List.of(new QuoteRow(day, 0, 0, 0, 0, 0, i, 0.0, 0.0, 0.0, ratio, 1)));

            String chart = post("/tickers/tickerdata/", "{\"ticker\":\"AAA\"}", null, null).body();
            String recommended = get("/tickers/recommendations/", null, null).body();

            assertThat(chart).contains("\"ac\":" + (double) i + ",");
            assertThat(recommended).contains("\"ratio\":" + ratio + "}");
            assertThat(recommended.indexOf("AAA") > recommended.indexOf("buy_hits")).isEqualTo(i % 2 == 0);
            // A repeated request is served from memory: the same bytes.
            assertThat(post("/tickers/tickerdata/", "{\"ticker\":\"AAA\"}", null, null).body()).isEqualTo(chart);
        }
        assertThat(answers.chartBytes()).isPositive();
    }

    @Test
    void tickersAddedAndDeletedElsewhereAreInTheNextAnswer() throws SQLException {
        fixtures.ticker("AAA");
        assertThat(get("/tickers/tickerlist/", null, null).body()).isEqualTo("{\"tickers\":[\"AAA\"]}");
        fixtures.quote("BBB", day, 2.0, 1.0, 2.0, 2.0, 1.0);
        assertThat(post("/tickers/tickerdata/", "{\"ticker\":\"BBB\"}", null, null).statusCode()).isEqualTo(200);

        // Another process (the admin's delete, psql): its own connection, its own commit.
        try (Connection other = DriverManager.getConnection(database.determineUrl(), database.determineUsername(),
                database.determinePassword())) {
            other.createStatement().execute("INSERT INTO ticker (symbol) VALUES ('CCC')");
            assertThat(get("/tickers/tickerlist/", null, null).body()).isEqualTo(
                    "{\"tickers\":[\"AAA\",\"BBB\",\"CCC\"]}");
            other.createStatement().execute("DELETE FROM ticker WHERE symbol = 'BBB'");
        }
        assertThat(get("/tickers/tickerlist/", null, null).body()).isEqualTo("{\"tickers\":[\"AAA\",\"CCC\"]}");
        HttpResponse<String> gone = post("/tickers/tickerdata/", "{\"ticker\":\"BBB\"}", null, null);
        assertThat(gone.statusCode()).isEqualTo(412);
        assertThat(gone.body()).isEqualTo("{\"success\":false,\"error\":\"Ticker \\\"BBB\\\" does not exist\"}");
    }

    @Test
    void anAnswerHasAnETagAndTheSameTagGets304UntilTheDataChanges() {
        fixtures.quoteWithRatio("SPY", day, 1.0);
        fixtures.quoteWithRatio("AAA", day, 1.5);
        for (String path : List.of("/tickers/tickerlist/", "/tickers/recommendations/")) {
            HttpResponse<String> first = get(path, null, null);
            String tag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(tag).matches("\"[A-Za-z0-9_-]+\"");
            assertThat(first.headers().firstValue("Vary")).hasValue("Accept-Encoding");

            HttpResponse<String> again = get(path, tag, null);
            assertThat(again.statusCode()).as(path).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(again.headers().firstValue("ETag")).hasValue(tag);
            assertThat(get(path, "\"other\", " + tag, null).statusCode()).isEqualTo(304);
            assertThat(get(path, "\"other\"", null).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> chart = post("/tickers/tickerdata/", "{\"ticker\":\"AAA\"}", null, null);
        String chartTag = chart.headers().firstValue("ETag").orElseThrow();
        assertThat(post("/tickers/tickerdata/", "{\"ticker\":\"AAA\"}", chartTag, null).statusCode()).isEqualTo(304);

        fixtures.quoteWithRatio("AAA", day, 1.25);

        HttpResponse<String> changed = post("/tickers/tickerdata/", "{\"ticker\":\"AAA\"}", chartTag, null);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("\"ratio\":1.25}");
        assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(chartTag);
    }

    @Test
    void clientsThatAcceptGzipGetTheSameBytesCompressed() throws IOException {
        fixtures.quoteWithRatio("SPY", day, 1.0);
        for (int i = 0; i < 200; i++) {
            fixtures.quote("AAA", day.minusDays(i), 100 + i, 1.0, 2.0, 3.0, 1.5);
        }
        HttpResponse<byte[]> plain = http.sendForBytes(request("/tickers/tickerdata/", null, null)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"ticker\":\"AAA\"}")));
        HttpResponse<byte[]> zipped = http.sendForBytes(request("/tickers/tickerdata/", null, "deflate, gzip;q=0.8")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"ticker\":\"AAA\"}")));

        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(zipped.statusCode()).isEqualTo(200);
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(zipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        assertThat(zipped.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(zipped.body().length).isLessThan(plain.body().length / 3);
        assertThat(gunzip(zipped.body())).isEqualTo(plain.body());
        // The two forms are two representations: two tags.
        assertThat(zipped.headers().firstValue("ETag")).isNotEqualTo(plain.headers().firstValue("ETag"));

        HttpResponse<byte[]> refused = http.sendForBytes(request("/tickers/tickerlist/", null, "gzip;q=0, identity").GET());
        assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(refused.body())).isEqualTo("{\"tickers\":[\"AAA\",\"SPY\"]}");
    }

    @Test
    void whileTheListeningConnectionIsLostAnswersAreReadFromTheDatabase() {
        fixtures.quoteWithRatio("SPY", day, 1.0);
        long id = fixtures.ticker("AAA").id();
        quotes.upsert(id, List.of(new QuoteRow(day, 0, 0, 0, 0, 0, 1, 0.0, 0.0, 0.0, 1.5, 1)));
        assertThat(post("/tickers/tickerdata/", "{\"ticker\":\"AAA\"}", null, null).body()).contains("\"ac\":1.0,");

        // Every listener on this database (this context's and any other's) loses its connection.
        List<Integer> cut = jdbc.queryForList("SELECT pg_terminate_backend(pid)::int FROM pg_stat_activity "
                + "WHERE application_name = 'stockpicker-data-changes' AND datname = current_database()",
                Integer.class);
        assertThat(cut).isNotEmpty();
        // The change made while nobody listens is never announced to this process.
        quotes.upsert(id, List.of(new QuoteRow(day, 0, 0, 0, 0, 0, 2, 0.0, 0.0, 0.0, 1.5, 1)));
        assertThat(post("/tickers/tickerdata/", "{\"ticker\":\"AAA\"}", null, null).body()).contains("\"ac\":2.0,");

        // Back on a new connection (it retries within a second) and current again.
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                + "'stockpicker-data-changes' AND datname = current_database() AND query LIKE 'SELECT 1%'",
                Long.class) == 0 && System.nanoTime() < deadline) {
            pause();
        }
        quotes.upsert(id, List.of(new QuoteRow(day, 0, 0, 0, 0, 0, 3, 0.0, 0.0, 0.0, 1.5, 1)));
        assertThat(post("/tickers/tickerdata/", "{\"ticker\":\"AAA\"}", null, null).body()).contains("\"ac\":3.0,");
        assertThat(post("/tickers/tickerdata/", "{\"ticker\":\"AAA\"}", null, null).body()).contains("\"ac\":3.0,");
        // Kept in memory again.
        assertThat(answers.chartBytes()).isPositive();
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<String> get(String path, String ifNoneMatch, String acceptEncoding) {
        return http.send(request(path, ifNoneMatch, acceptEncoding).GET());
    }

    private HttpResponse<String> post(String path, String json, String ifNoneMatch, String acceptEncoding) {
        return http.send(request(path, ifNoneMatch, acceptEncoding).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpRequest.Builder request(String path, String ifNoneMatch, String acceptEncoding) {
        HttpRequest.Builder request = http.request(path);
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return request;
    }

    private static byte[] gunzip(byte[] zipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped))) {
            return in.readAllBytes();
        }
    }
}
