package dev.stockpicker.ticker;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.stockpicker.StockpickerProperties;
import dev.stockpicker.quotes.QuoteSource;
import dev.stockpicker.web.ApiException;
import dev.stockpicker.web.JsonBodies;
import tools.jackson.databind.JsonNode;

/** The reference's JSON API for the picker page: paths answer with and without the trailing slash. */
@RestController
public class TickerApiController {

    private final TickerRepository tickers;
    private final QuoteRepository quotes;
    private final Recommendations recommendations;
    private final StockpickerProperties properties;
    private final QuoteSource source;

    TickerApiController(TickerRepository tickers, QuoteRepository quotes, Recommendations recommendations,
            StockpickerProperties properties, QuoteSource source) {
        this.source = source;
        this.tickers = tickers;
        this.quotes = quotes;
        this.recommendations = recommendations;
        this.properties = properties;
    }

    @GetMapping({ "/tickers/tickerlist", "/tickers/tickerlist/" })
    Map<String, List<String>> tickerList() {
        return Map.of("tickers", tickers.symbols());
    }

    @PostMapping(path = { "/tickers/tickerdata", "/tickers/tickerdata/" }, consumes = MediaType.APPLICATION_JSON_VALUE)
    TickerData tickerData(@RequestBody JsonNode body) {
        String symbol = Symbols.normalize(JsonBodies.requiredString(body, "ticker"));
        Ticker ticker = tickers.find(symbol).orElseThrow(() -> new ApiException(HttpStatus.PRECONDITION_FAILED,
                "Ticker \"" + symbol + "\" does not exist"));
        return new TickerData(true, ticker.symbol(), properties.indexTicker(), properties.movingAverageWeeks(),
                quotes.chart(ticker.id()));
    }

    @GetMapping({ "/tickers/recommendations", "/tickers/recommendations/" })
    Recommendations.Result recommendations() {
        return recommendations.current();
    }

    /** Where the quotes come from, so the page can say when they are made-up sample data. */
    @GetMapping({ "/tickers/source", "/tickers/source/" })
    Map<String, Object> source() {
        return Map.of("source", source.name(), "sample", source.isSample());
    }

    @JsonPropertyOrder({ "success", "ticker", "index", "avg_weeks", "results" })
    record TickerData(boolean success, String ticker, String index, @JsonProperty("avg_weeks") int avgWeeks,
            List<QuoteJson> results) {
    }
}
