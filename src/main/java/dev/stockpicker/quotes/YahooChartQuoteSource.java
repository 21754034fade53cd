package dev.stockpicker.quotes;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.stockpicker.quotes.QuoteSourceException.Kind;

/**
 * Daily quotes from Yahoo's v8 chart API ({@code /v8/finance/chart/{symbol}}). Transient trouble (429, 5xx, network
 * errors) is retried a bounded number of times with exponential back-off before it surfaces as {@code UNAVAILABLE}.
 */
public class YahooChartQuoteSource implements QuoteSource {

    private static final Logger log = LoggerFactory.getLogger(YahooChartQuoteSource.class);

    // Yahoo's daily bars are keyed by New York dates, so the window is cut at New York midnight.
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private final YahooChartProperties properties;

    private final HttpClient http;

    private final YahooChartParser parser = new YahooChartParser();

    public YahooChartQuoteSource(YahooChartProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder()
            .connectTimeout(properties.connectTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    }

    @Override
    public String name() {
        return "yahoo";
    }

    @Override
    public boolean isSample() {
        return false;
    }

    @Override
    public List<DailyQuote> fetch(String symbol, LocalDate from, LocalDate to) {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("symbol must not be blank");
        }
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
        String ticker = symbol.strip().toUpperCase(Locale.ROOT);
        HttpResponse<String> response = sendWithRetries(ticker, request(ticker, from, to));
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return parser.quotes(ticker, response.body(), from, to);
        }
        if (status == 404) {
            String description = parser.errorDescription(response.body())
                .orElseThrow(() -> new QuoteSourceException(Kind.BAD_RESPONSE, "Yahoo answered HTTP 404 for "
                        + ticker + " without a chart error body: " + YahooChartParser.preview(response.body())));
            throw new QuoteSourceException(Kind.UNKNOWN_SYMBOL, "Yahoo has no data for " + ticker + ": " + description);
        }
        String detail = parser.errorDescription(response.body())
            .orElseGet(() -> YahooChartParser.preview(response.body()));
        throw new QuoteSourceException(Kind.BAD_RESPONSE,
                "Yahoo answered HTTP " + status + " for " + ticker + ": " + detail);
    }

    URI chartUri(String ticker, LocalDate from, LocalDate to) {
        long period1 = from.atStartOfDay(NEW_YORK).toEpochSecond();
        long period2 = to.plusDays(1).atStartOfDay(NEW_YORK).toEpochSecond();
        // URLEncoder is for forms; in a path a space must be %20, not '+'.
        String path = URLEncoder.encode(ticker, StandardCharsets.UTF_8).replace("+", "%20");
        String base = properties.baseUrl().toString().replaceAll("/+$", "");
        return URI.create(base + "/v8/finance/chart/" + path + "?period1=" + period1 + "&period2=" + period2
                + "&interval=1d&events=div%2Csplits");
    }

    private HttpRequest request(String ticker, LocalDate from, LocalDate to) {
        return HttpRequest.newBuilder(chartUri(ticker, from, to))
            .timeout(properties.requestTimeout())
            .header("User-Agent", properties.userAgent())
            .header("Accept", "application/json")
            .GET()
            .build();
    }

    private HttpResponse<String> sendWithRetries(String ticker, HttpRequest request) {
        int attempts = properties.maxAttempts();
        Duration backoff = properties.initialBackoff();
        String lastProblem = "no attempt made";
        IOException lastError = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<String> response = http.send(request,
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (!isTransient(response.statusCode())) {
                    return response;
                }
                lastProblem = "HTTP " + response.statusCode();
                lastError = null;
            }
            catch (IOException ex) {
                // Its message, not its class name: the reason reaches the task status API.
                lastProblem = ex.getMessage() != null ? ex.getMessage() : "the connection failed";
                lastError = ex;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new QuoteSourceException(Kind.UNAVAILABLE, "Interrupted while fetching " + ticker + " from Yahoo",
                        ex);
            }
            if (attempt < attempts) {
                log.debug("Yahoo attempt {}/{} for {} failed ({}), retrying in {} ms", attempt, attempts, ticker,
                        lastProblem, backoff.toMillis());
                pause(ticker, backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
        throw new QuoteSourceException(Kind.UNAVAILABLE,
                "Yahoo unavailable for " + ticker + " after " + attempts + " attempts: " + lastProblem, lastError);
    }

    private static boolean isTransient(int status) {
        return status == 429 || status >= 500;
    }

    private static void pause(String ticker, Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new QuoteSourceException(Kind.UNAVAILABLE, "Interrupted while waiting to retry " + ticker, ex);
        }
    }

}
