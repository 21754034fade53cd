package dev.stockpicker.api;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;


import dev.stockpicker.StockpickerProperties;
import dev.stockpicker.quotes.QuoteSource;
import dev.stockpicker.ticker.QuoteRepository;
import dev.stockpicker.ticker.Symbols;
import dev.stockpicker.ticker.TickerRepository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reference's JSON API for the picker page: paths answer with and without the trailing slash. The ticker list,
 * the recommendations and the charts come ready-made from {@link TickerAnswers}, with an ETag (304 on
 * If-None-Match) and gzip for clients that accept it; current to the request's arrival for a client that sends
 * {@code Cache-Control: no-cache} (the page does), else at most DATA_CHANGES_MAX_STALENESS behind.
 */
@RestController
public class TickerApiController {

    private final TickerAnswers answers;
    private final QuoteSource source;

    /** Without a {@link TickerAnswers} bean (the web slice: no data change listener) every answer is read afresh. */
    TickerApiController(TickerRepository tickers, QuoteRepository quotes, StockpickerProperties properties,
            QuoteSource source, JsonMapper json, ObjectProvider<TickerAnswers> answers) {
        this.source = source;
        this.answers = answers.getIfAvailable(() -> TickerAnswers.uncached(tickers, quotes, properties, json));
    }

    @GetMapping(path = { "/tickers/tickerlist", "/tickers/tickerlist/" }, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> tickerList(HttpServletRequest request) {
        return answers.tickerList(freshness(request)).respond(request);
    }

    // If-None-Match gets 304 here too although this is a POST (RFC 9110 would answer 412): the POST only reads, and
    // 412 already means "no such ticker" in this API.
    @PostMapping(path = { "/tickers/tickerdata", "/tickers/tickerdata/" }, consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> tickerData(@RequestBody JsonNode body, HttpServletRequest request) {
        String symbol = Symbols.normalize(JsonBodies.requiredString(body, "ticker"));
        return answers.tickerData(symbol, freshness(request)).respond(request);
    }

    @GetMapping(path = { "/tickers/recommendations", "/tickers/recommendations/" },
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> recommendations(HttpServletRequest request) {
        return answers.recommendations(freshness(request)).respond(request);
    }

    private static TickerAnswers.Freshness freshness(HttpServletRequest request) {
        return TickerAnswers.Freshness.of(Answer.headers(request, HttpHeaders.CACHE_CONTROL),
                Answer.headers(request, HttpHeaders.PRAGMA));
    }

    /** Where the quotes come from, so the page can say when they are made-up sample data. */
    @GetMapping({ "/tickers/source", "/tickers/source/" })
    ApiBodies.Source source() {
        return new ApiBodies.Source(source.name(), source.isSample());
    }
}
