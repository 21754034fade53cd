package dev.stockpicker.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.stockpicker.support.DatabaseTest;
import dev.stockpicker.support.Fixtures;
import dev.stockpicker.support.Http;
import dev.stockpicker.ticker.QuoteJson;
import dev.stockpicker.ticker.QuoteRepository;
import dev.stockpicker.ticker.Ticker;
import dev.stockpicker.ticker.TickerRepository;

/**
 * The reference app's 12 unit tests, ported: each compares the exact JSON text, so key order and rounding are
 * checked too (the reference compared {@code json.dumps} strings).
 */
@DatabaseTest
class TickerApiReferenceTest {

    @Autowired
    Fixtures fixtures;
    @Autowired
    TickerRepository tickers;
    @Autowired
    QuoteRepository quotes;
    @LocalServerPort
    int port;
    Http http;

    final LocalDate today = LocalDate.now();

    @BeforeEach
    void setUp() {
        fixtures.clear();
        http = new Http(port);
    }

    @Test
    void aCreatedTickerCanBeFoundBySymbolWithAPositiveId() {
        fixtures.ticker("TEST");
        assertThat(tickers.find("TEST")).hasValueSatisfying(t -> assertThat(t.id()).isPositive());
    }

    @Test
    void aCreatedQuoteCanBeReadBackForItsTickerAndDate() {
        Ticker test = fixtures.ticker("TEST");
        fixtures.quote("TEST", today, 0, 0.0, 0.0, 0.0, 0.0);
        assertThat(quotes.rowsFrom(test.id(), today)).singleElement()
                .satisfies(row -> assertThat(row.date()).isEqualTo(today));
    }

    @Test
    void aQuoteWithZeroValuesSerializesWithTheReferenceKeysAndZeroFloats() {
        fixtures.quote("TEST", today, 0, 0.0, 0.0, 0.0, 0.0);
        assertThat(quotes.chart(tickers.find("TEST").orElseThrow().id())).singleElement()
                .isEqualTo(new QuoteJson("TEST", today.toString(), 0.0, 0.0, 0.0, 0.0, 0.0));
        HttpResponse<String> response = http.postJson("/tickers/tickerdata/", "{\"ticker\": \"TEST\"}");
        assertThat(response.body()).contains("{\"symbol\":\"TEST\",\"date\":\"" + today
                + "\",\"ac\":0.0,\"iac\":0.0,\"sac\":0.0,\"sac_ma\":0.0,\"ratio\":0.0}");
    }

    @Test
    void tickerListIsEmptyWhenNoTickersExist() {
        HttpResponse<String> response = http.get("/tickers/tickerlist/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"tickers\":[]}");
    }

    @Test
    void tickerListHoldsAnExistingTicker() {
        fixtures.ticker("TEST");
        HttpResponse<String> response = http.get("/tickers/tickerlist/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"tickers\":[\"TEST\"]}");
    }

    @Test
    void tickerDataForAnUnknownTickerIs412WithTheReason() {
        HttpResponse<String> response = http.postJson("/tickers/tickerdata/", "{\"ticker\": \"NOPE\"}");
        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(response.body()).isEqualTo("{\"success\":false,\"error\":\"Ticker \\\"NOPE\\\" does not exist\"}");
    }

    @Test
    void tickerDataForATickerWithoutQuotesHasEmptyResults() {
        fixtures.ticker("TEST");
        HttpResponse<String> response = http.postJson("/tickers/tickerdata/", "{\"ticker\": \"TEST\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(
                "{\"success\":true,\"ticker\":\"TEST\",\"index\":\"SPY\",\"avg_weeks\":86,\"results\":[]}");
    }

    @Test
    void tickerDataForATickerWithOneQuoteHasItRoundedToFourDigits() {
        SplittableRandom random = new SplittableRandom(42);
        double ac = random.nextDouble(0, 10);
        double iac = random.nextDouble(0, 10);
        double sac = random.nextDouble(0, 10);
        double ma = random.nextDouble(0, 10);
        double ratio = random.nextDouble(0, 10);
        fixtures.quote("TEST", today, ac, iac, sac, ma, ratio);

        HttpResponse<String> response = http.postJson("/tickers/tickerdata/", "{\"ticker\": \"TEST\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(
                "{\"success\":true,\"ticker\":\"TEST\",\"index\":\"SPY\",\"avg_weeks\":86,\"results\":["
                        + expectedQuote("TEST", today, ac, iac, sac, ma, ratio) + "]}");
    }

    @Test
    void recommendationsNeedTheIndexTicker() {
        HttpResponse<String> response = http.get("/tickers/recommendations/");
        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(response.body()).isEqualTo("{\"success\":false,\"error\":\"Ticker \\\"SPY\\\" does not exist\"}");
    }

    @Test
    void recommendationsNeedIndexQuotes() {
        fixtures.ticker("SPY");
        HttpResponse<String> response = http.get("/tickers/recommendations/");
        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(response.body()).isEqualTo("{\"success\":false,\"error\":\"No Quotes available.\"}");
    }

    @Test
    void aRatioBelowOneIsABuy() {
        fixtures.quoteWithRatio("SPY", today, 0);
        fixtures.quoteWithRatio("TEST", today, 0.5);
        HttpResponse<String> response = http.get("/tickers/recommendations/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"success\":true,\"latest_data_date\":\"" + today
                + "\",\"sell_hits\":[],\"buy_hits\":[" + expectedQuote("TEST", today, 0, 0, 0, 0, 0.5) + "]}");
    }

    @Test
    void aRatioAboveOneIsASell() {
        fixtures.quoteWithRatio("SPY", today, 0);
        fixtures.quoteWithRatio("TEST", today, 1.5);
        HttpResponse<String> response = http.get("/tickers/recommendations/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"success\":true,\"latest_data_date\":\"" + today
                + "\",\"sell_hits\":[" + expectedQuote("TEST", today, 0, 0, 0, 0, 1.5) + "],\"buy_hits\":[]}");
    }

    /** The reference's fake_quote_serialize: keys in order, each value rounded to 4 digits like Python's round. */
    static String expectedQuote(String symbol, LocalDate date, double ac, double iac, double sac, double ma,
            double ratio) {
        return "{\"symbol\":\"" + symbol + "\",\"date\":\"" + date + "\",\"ac\":" + python(ac) + ",\"iac\":"
                + python(iac) + ",\"sac\":" + python(sac) + ",\"sac_ma\":" + python(ma) + ",\"ratio\":" + python(ratio)
                + "}";
    }

    private static String python(double value) {
        return String.valueOf(new java.math.BigDecimal(value).setScale(4, java.math.RoundingMode.HALF_EVEN)
                .doubleValue());
    }
}
