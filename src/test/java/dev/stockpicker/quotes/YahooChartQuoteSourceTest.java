package dev.stockpicker.quotes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stockpicker.quotes.QuoteSourceException.Kind;

class YahooChartQuoteSourceTest {

    private static final LocalDate JAN_1_2020 = LocalDate.of(2020, 1, 1);

    private static final LocalDate DEC_31_2020 = LocalDate.of(2020, 12, 31);

    private final FakeYahooServer yahoo = FakeYahooServer.start();

    @AfterEach
    void stopServer() {
        yahoo.close();
    }

    private YahooChartQuoteSource source() {
        return sourceWith(Duration.ofSeconds(5), 3);
    }

    // Millisecond back-off keeps the retry tests fast; the logic is the same as with production's 200 ms.
    private YahooChartQuoteSource sourceWith(Duration requestTimeout, int maxAttempts) {
        return new YahooChartQuoteSource(new YahooChartProperties(yahoo.baseUrl(), Duration.ofSeconds(2), requestTimeout,
                maxAttempts, Duration.ofMillis(1), null));
    }

    @Test
    void namesItselfYahooAndIsRealData() {
        assertThat(source().name()).isEqualTo("yahoo");
        assertThat(source().isSample()).isFalse();
    }

    @Test
    void readsAYearOfQqq() {
        yahoo.replyFixture(200, "QQQ-1d-2020.json");

        List<DailyQuote> quotes = source().fetch("QQQ", JAN_1_2020, DEC_31_2020);

        assertThat(quotes).hasSize(253);
        DailyQuote first = quotes.get(0);
        assertThat(first.date()).isEqualTo(LocalDate.of(2020, 1, 2));
        assertThat(first.close()).isEqualTo(216.16000366210938);
        assertThat(first.adjClose()).isEqualTo(214.17898559570312);
        assertThat(first.low()).isLessThanOrEqualTo(first.close()).isLessThanOrEqualTo(first.high());
        assertThat(first.volume()).isPositive();
        assertThat(quotes.get(252).date()).isEqualTo(DEC_31_2020);
        assertThat(quotes).extracting(DailyQuote::date).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void readsTheCurrentResponseShapeWithExtraMetaFields() {
        yahoo.replyFixture(200, "MSFT-1d-2021-02_2022-01.json");

        List<DailyQuote> quotes = source().fetch("MSFT", LocalDate.of(2021, 2, 1), LocalDate.of(2022, 1, 31));

        assertThat(quotes).hasSize(252);
        assertThat(quotes.get(0).date()).isEqualTo(LocalDate.of(2021, 2, 1));
        assertThat(quotes.get(0).close()).isEqualTo(239.64999389648438);
        assertThat(quotes.get(0).adjClose()).isEqualTo(231.1864776611328);
        assertThat(quotes.get(251).date()).isEqualTo(LocalDate.of(2022, 1, 28));
    }

    @Test
    void skipsNullRowsAndDatesCryptoInUtc() {
        yahoo.replyFixture(200, "BTC-USD-1d-2020-with-nulls.json");

        List<DailyQuote> quotes = source().fetch("BTC-USD", JAN_1_2020, LocalDate.of(2021, 1, 4));

        assertThat(quotes).hasSize(366);
        // Stamped 00:00 UTC: read in New York these would all land a day early.
        assertThat(quotes.get(0).date()).isEqualTo(JAN_1_2020);
        assertThat(quotes.get(365).date()).isEqualTo(LocalDate.of(2021, 1, 4));
        assertThat(quotes).extracting(DailyQuote::date)
            .doesNotContain(LocalDate.of(2020, 4, 17), LocalDate.of(2020, 10, 9), LocalDate.of(2020, 10, 12),
                    LocalDate.of(2020, 10, 13))
            .isSorted()
            .doesNotHaveDuplicates();
    }

    @Test
    void returnsOnlyDatesWithinTheRequestedRange() {
        yahoo.replyFixture(200, "QQQ-1d-2020.json");

        List<DailyQuote> march = source().fetch("QQQ", LocalDate.of(2020, 3, 1), LocalDate.of(2020, 3, 31));

        assertThat(march).hasSize(22);
        assertThat(march.get(0).date()).isEqualTo(LocalDate.of(2020, 3, 2));
        assertThat(march.get(21).date()).isEqualTo(LocalDate.of(2020, 3, 31));
    }

    @Test
    void asksForDailyBarsBetweenNewYorkMidnightsWithABrowserUserAgent() {
        yahoo.replyFixture(200, "QQQ-1d-2020.json");

        source().fetch("qqq", JAN_1_2020, DEC_31_2020);

        assertThat(yahoo.requests()).hasSize(1);
        FakeYahooServer.Seen request = yahoo.requests().get(0);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.uri().getRawPath()).isEqualTo("/v8/finance/chart/QQQ");
        // 2020-01-01T05:00Z and 2021-01-01T05:00Z: midnight in New York (EST) at both ends, the end exclusive.
        assertThat(request.uri().getRawQuery()).contains("period1=1577854800", "period2=1609477200", "interval=1d",
                "events=div%2Csplits");
        assertThat(request.headers().getFirst("User-Agent")).startsWith("Mozilla/5.0");
    }

    @Test
    void cutsTheWindowAtNewYorkMidnightInSummerTimeToo() {
        URI uri = source().chartUri("MSFT", LocalDate.of(2021, 7, 1), LocalDate.of(2021, 7, 1));

        // 2021-07-01T04:00Z .. 2021-07-02T04:00Z (EDT)
        assertThat(uri.getRawQuery()).contains("period1=1625112000", "period2=1625198400");
    }

    @Test
    void encodesSymbolsWithSpecialCharacters() {
        assertThat(source().chartUri("^GSPC", JAN_1_2020, JAN_1_2020).getRawPath())
            .isEqualTo("/v8/finance/chart/%5EGSPC");
        assertThat(source().chartUri("EURUSD=X", JAN_1_2020, JAN_1_2020).getRawPath())
            .isEqualTo("/v8/finance/chart/EURUSD%3DX");
        assertThat(source().chartUri("BRK-B", JAN_1_2020, JAN_1_2020).getRawPath())
            .isEqualTo("/v8/finance/chart/BRK-B");
        assertThat(source().chartUri("RDS.A", JAN_1_2020, JAN_1_2020).getRawPath())
            .isEqualTo("/v8/finance/chart/RDS.A");
    }

    @Test
    void reportsAnUnknownSymbolWithYahoosDescription() {
        yahoo.replyFixture(404, "error-404-SI-no-data-delisted.json");

        assertThatExceptionOfType(QuoteSourceException.class).isThrownBy(() -> source().fetch("SI", JAN_1_2020, DEC_31_2020))
            .withMessageContaining("SI")
            .withMessageContaining("No data found, symbol may be delisted")
            .satisfies(ex -> {
                assertThat(ex.kind()).isEqualTo(Kind.UNKNOWN_SYMBOL);
                assertThat(ex.isRetryable()).isFalse();
            });
        assertThat(yahoo.requests()).as("a 404 is not retried").hasSize(1);
    }

    @Test
    void retriesAServerErrorAndThenSucceeds() {
        yahoo.reply(503, "<html>Service Unavailable</html>").replyFixture(200, "QQQ-1d-2020.json");

        List<DailyQuote> quotes = source().fetch("QQQ", JAN_1_2020, DEC_31_2020);

        assertThat(quotes).hasSize(253);
        assertThat(yahoo.requests()).hasSize(2);
    }

    @Test
    void givesUpAsUnavailableWhenRateLimitedOnEveryAttempt() {
        yahoo.reply(429, "Too Many Requests");

        assertThatExceptionOfType(QuoteSourceException.class).isThrownBy(() -> source().fetch("QQQ", JAN_1_2020, DEC_31_2020))
            .withMessageContaining("HTTP 429")
            .withMessageContaining("3 attempts")
            .satisfies(ex -> {
                assertThat(ex.kind()).isEqualTo(Kind.UNAVAILABLE);
                assertThat(ex.isRetryable()).isTrue();
            });
        assertThat(yahoo.requests()).hasSize(3);
    }

    @Test
    void givesUpAsUnavailableWhenNothingListens() {
        URI closed = yahoo.baseUrl();
        yahoo.close();
        YahooChartQuoteSource source = new YahooChartQuoteSource(
                new YahooChartProperties(closed, null, null, 2, Duration.ofMillis(1), null));

        assertThatExceptionOfType(QuoteSourceException.class).isThrownBy(() -> source.fetch("QQQ", JAN_1_2020, DEC_31_2020))
            .withMessageContaining("2 attempts")
            .satisfies(ex -> assertThat(ex.kind()).isEqualTo(Kind.UNAVAILABLE))
            .withCauseInstanceOf(IOException.class);
    }

    @Test
    void givesUpAsUnavailableWhenYahooIsTooSlow() {
        yahoo.reply(new FakeYahooServer.Reply(200, "application/json", FakeYahooServer.fixture("QQQ-1d-2020.json"),
                Duration.ofMillis(600)));

        assertThatExceptionOfType(QuoteSourceException.class)
            .isThrownBy(() -> sourceWith(Duration.ofMillis(100), 2).fetch("QQQ", JAN_1_2020, DEC_31_2020))
            .satisfies(ex -> assertThat(ex.kind()).isEqualTo(Kind.UNAVAILABLE))
            .withMessageContaining("timed out").withMessageNotContaining("Exception");
    }

    @Test
    void rejectsAnHtmlPageAsABadResponse() {
        yahoo.reply(new FakeYahooServer.Reply(200, "text/html",
                "<!doctype html><html><body>Will be right back...</body></html>", Duration.ZERO));

        assertThatExceptionOfType(QuoteSourceException.class).isThrownBy(() -> source().fetch("QQQ", JAN_1_2020, DEC_31_2020))
            .withMessageContaining("not JSON")
            .satisfies(ex -> assertThat(ex.kind()).isEqualTo(Kind.BAD_RESPONSE));
        assertThat(yahoo.requests()).as("a bad body is not retried").hasSize(1);
    }

    @Test
    void reportsAnErrorInsideA200AsABadResponse() {
        yahoo.reply(200, "{\"chart\":{\"result\":null,\"error\":{\"code\":\"Internal\",\"description\":\"Oops\"}}}");

        assertThatExceptionOfType(QuoteSourceException.class).isThrownBy(() -> source().fetch("QQQ", JAN_1_2020, DEC_31_2020))
            .withMessageContaining("Oops")
            .satisfies(ex -> assertThat(ex.kind()).isEqualTo(Kind.BAD_RESPONSE));
    }

    @Test
    void reportsOtherClientErrorsWithTheirStatus() {
        yahoo.reply(400, "{\"chart\":{\"result\":null,\"error\":{\"code\":\"Bad Request\","
                + "\"description\":\"Data doesn't exist for startDate = 1577836800, endDate = 1578009600\"}}}");

        assertThatExceptionOfType(QuoteSourceException.class).isThrownBy(() -> source().fetch("BEKE", JAN_1_2020, JAN_1_2020))
            .withMessageContaining("HTTP 400")
            .withMessageContaining("Data doesn't exist")
            .satisfies(ex -> assertThat(ex.kind()).isEqualTo(Kind.BAD_RESPONSE));
        assertThat(yahoo.requests()).hasSize(1);
    }

    @Test
    void rejectsAnInvertedRange() {
        assertThatExceptionOfType(IllegalArgumentException.class)
            .isThrownBy(() -> source().fetch("QQQ", DEC_31_2020, JAN_1_2020));
        assertThat(yahoo.requests()).isEmpty();
    }

}
