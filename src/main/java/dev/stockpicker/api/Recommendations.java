package dev.stockpicker.api;

import java.time.LocalDate;
import java.util.List;

import org.springframework.http.HttpStatus;


import dev.stockpicker.StockpickerProperties;
import dev.stockpicker.ticker.QuoteJson;
import dev.stockpicker.ticker.QuoteRepository;
import dev.stockpicker.ticker.Ticker;
import dev.stockpicker.ticker.TickerRepository;

/**
 * Buy and sell lists on the index's latest date: sell = the 25 highest ratios above 1, buy = the 25 lowest ratios
 * between 0 and 1 (the reference kept the 25 closest to 1, a bug fixed here).
 */
class Recommendations {

    static final int HITS = 25;

    private final TickerRepository tickers;
    private final QuoteRepository quotes;
    private final StockpickerProperties properties;

    Recommendations(TickerRepository tickers, QuoteRepository quotes, StockpickerProperties properties) {
        this.tickers = tickers;
        this.quotes = quotes;
        this.properties = properties;
    }

    ApiBodies.Recommended current() {
        String index = properties.indexTicker();
        Ticker indexTicker = tickers.find(index).orElseThrow(
                () -> new ApiException(HttpStatus.PRECONDITION_FAILED, "Ticker \"" + index + "\" does not exist"));
        LocalDate latest = quotes.latestDate(indexTicker.id())
                .orElseThrow(() -> new ApiException(HttpStatus.PRECONDITION_FAILED, "No Quotes available."));
        List<QuoteJson> sell = quotes.byRatioOn(latest, 1.0, Double.MAX_VALUE, true, HITS);
        List<QuoteJson> buy = quotes.byRatioOn(latest, 0.0, 1.0, false, HITS);
        return new ApiBodies.Recommended(true, latest.toString(), sell, buy);
    }
}
