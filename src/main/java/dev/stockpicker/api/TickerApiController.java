package dev.stockpicker.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;


import dev.stockpicker.StockpickerProperties;
import dev.stockpicker.quotes.QuoteSource;
import dev.stockpicker.ticker.QuoteRepository;
import dev.stockpicker.ticker.Symbols;
import dev.stockpicker.ticker.Ticker;
import dev.stockpicker.ticker.TickerRepository;
import tools.jackson.databind.JsonNode;

/** The reference's JSON API for the picker page: paths answer with and without the trailing slash. */
@RestController
public class TickerApiController {

    private final TickerRepository tickers;
    private final QuoteRepository quotes;
    private final Recommendations recommendations;
    private final StockpickerProperties properties;
    private final QuoteSource source;

    TickerApiController(TickerRepository tickers, QuoteRepository quotes, StockpickerProperties properties,
            QuoteSource source) {
        this.source = source;
        this.tickers = tickers;
        this.quotes = quotes;
        this.recommendations = new Recommendations(tickers, quotes, properties);
        this.properties = properties;
    }

    @GetMapping({ "/tickers/tickerlist", "/tickers/tickerlist/" })
    ApiBodies.TickerList tickerList() {
        return new ApiBodies.TickerList(tickers.symbols());
    }

    @PostMapping(path = { "/tickers/tickerdata", "/tickers/tickerdata/" }, consumes = MediaType.APPLICATION_JSON_VALUE)
    ApiBodies.TickerData tickerData(@RequestBody JsonNode body) {
        String symbol = Symbols.normalize(JsonBodies.requiredString(body, "ticker"));
        Ticker ticker = tickers.find(symbol).orElseThrow(() -> new ApiException(HttpStatus.PRECONDITION_FAILED,
                "Ticker \"" + symbol + "\" does not exist"));
        return new ApiBodies.TickerData(true, ticker.symbol(), properties.indexTicker(), properties.movingAverageWeeks(),
                quotes.chart(ticker.id()));
    }

    @GetMapping({ "/tickers/recommendations", "/tickers/recommendations/" })
    ApiBodies.Recommended recommendations() {
        return recommendations.current();
    }

    /** Where the quotes come from, so the page can say when they are made-up sample data. */
    @GetMapping({ "/tickers/source", "/tickers/source/" })
    ApiBodies.Source source() {
        return new ApiBodies.Source(source.name(), source.isSample());
    }
}
