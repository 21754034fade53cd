package dev.stockpicker.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

import dev.stockpicker.StockpickerProperties;
import dev.stockpicker.ticker.DataChange;
import dev.stockpicker.ticker.DataChanges;
import dev.stockpicker.ticker.QuoteRepository;
import dev.stockpicker.ticker.Ticker;
import dev.stockpicker.ticker.TickerRepository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answers of {@code /tickers/tickerlist/}, {@code /tickers/recommendations/} and {@code /tickers/tickerdata/}
 * as ready bytes (the same JSON text the message converter would write), computed once per data change and kept
 * in memory. Before using anything it keeps, a request that asks for a {@link Freshness#CURRENT} answer waits for
 * {@link DataChanges#awaitCurrent()}: every change committed before the request arrived has then dropped what it
 * made stale, so no answer is older than the data at the request's arrival. Any other request takes
 * {@link DataChanges#awaitRecent()}: no answer misses a change committed more than the max-staleness (a few
 * milliseconds) before it arrived. When that cannot be known (no listening connection), the answer is read from the
 * database as before. Failures (an unknown ticker, no quotes) are never kept.
 */
public class TickerAnswers {

    private static final String ONLY = "";

    private final TickerRepository tickers;
    private final QuoteRepository quotes;
    private final StockpickerProperties properties;
    private final JsonMapper json;
    private final Recommendations recommendations;
    private final DataChanges changes;
    private final AnswerCache<String, TickerIndex> index = new AnswerCache<>(Long.MAX_VALUE, i -> 0);
    private final AnswerCache<String, Answer> recommended = new AnswerCache<>(Long.MAX_VALUE, Answer::size);
    private final AnswerCache<Long, Answer> charts;

    TickerAnswers(TickerRepository tickers, QuoteRepository quotes, StockpickerProperties properties, JsonMapper json,
            DataChanges changes, ApiCacheProperties cache) {
        this.tickers = tickers;
        this.quotes = quotes;
        this.properties = properties;
        this.json = json;
        this.recommendations = new Recommendations(tickers, quotes, properties);
        this.changes = changes;
        this.charts = new AnswerCache<>(cache.maxBytes().toBytes(), Answer::size);
        if (changes != null) {
            changes.subscribe(this::changed);
        }
    }

    /** Every answer read from the database, nothing kept: where no data change listener runs (the web slice). */
    static TickerAnswers uncached(TickerRepository tickers, QuoteRepository quotes, StockpickerProperties properties,
            JsonMapper json) {
        return new TickerAnswers(tickers, quotes, properties, json, null, new ApiCacheProperties(DataSize.ofBytes(0)));
    }

    /** How current an answer must be: what the client asked for (see {@link Freshness#of}). */
    enum Freshness {
        /** Nothing committed before the request may be missing. */
        CURRENT,
        /** Changes committed within the max-staleness before the request may be missing. */
        RECENT;

        /**
         * CURRENT when the request says that it will not take a stored answer without revalidation:
         * {@code Cache-Control: no-cache} or {@code max-age=0} (what a browser's reload and {@code fetch} with
         * {@code cache: 'no-cache'} send), or HTTP/1.0's {@code Pragma: no-cache}.
         */
        static Freshness of(List<String> cacheControl, List<String> pragma) {
            return names(cacheControl, "no-cache") || names(cacheControl, "max-age=0") || names(pragma, "no-cache")
                    ? CURRENT : RECENT;
        }

        private static boolean names(List<String> values, String directive) {
            if (values != null) {
                for (String value : values) {
                    for (String item : value.split(",")) {
                        if (item.trim().equalsIgnoreCase(directive)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    }

    Answer tickerList(Freshness freshness) {
        if (!current(freshness)) {
            return Answer.of(bytes(new ApiBodies.TickerList(tickers.symbols())));
        }
        return index().list();
    }

    Answer recommendations(Freshness freshness) {
        if (!current(freshness)) {
            return Answer.of(bytes(recommendations.current()));
        }
        return recommended.get(ONLY, () -> Answer.of(bytes(recommendations.current())).compressed());
    }

    Answer tickerData(String symbol, Freshness freshness) {
        if (!current(freshness)) {
            return chart(tickers.find(symbol).orElseThrow(() -> unknown(symbol)));
        }
        Long id = index().ids().get(symbol);
        if (id == null) {
            throw unknown(symbol);
        }
        return charts.get(id, () -> chart(new Ticker(id, symbol)).compressed());
    }

    /** Bytes held by the charts (for tests and the benchmark's reading of memory). */
    long chartBytes() {
        return charts.bytes();
    }

    private boolean current(Freshness freshness) {
        if (changes == null) {
            return false;
        }
        return freshness == Freshness.CURRENT ? changes.awaitCurrent() : changes.awaitRecent();
    }

    private TickerIndex index() {
        return index.get(ONLY, () -> {
            List<Ticker> all = tickers.all();
            Map<String, Long> ids = new HashMap<>(all.size() * 2);
            all.forEach(t -> ids.put(t.symbol(), t.id()));
            List<String> symbols = all.stream().map(Ticker::symbol).toList();
            return new TickerIndex(Answer.of(bytes(new ApiBodies.TickerList(symbols))).compressed(), Map.copyOf(ids));
        });
    }

    private Answer chart(Ticker ticker) {
        return Answer.of(bytes(new ApiBodies.TickerData(true, ticker.symbol(), properties.indexTicker(),
                properties.movingAverageWeeks(), quotes.chart(ticker.id()))));
    }

    private void changed(DataChange change) {
        switch (change.kind()) {
            case TICKERS -> {
                index.invalidateAll();
                recommended.invalidateAll();
            }
            case QUOTES -> {
                charts.invalidate(change.tickerId());
                recommended.invalidateAll();
            }
            case EVERYTHING -> {
                index.invalidateAll();
                recommended.invalidateAll();
                charts.invalidateAll();
            }
        }
    }

    private byte[] bytes(Object body) {
        return json.writeValueAsBytes(body);
    }

    private static ApiException unknown(String symbol) {
        return new ApiException(HttpStatus.PRECONDITION_FAILED, "Ticker \"" + symbol + "\" does not exist");
    }

    /** The ticker list's answer and the ids behind it, from one read. */
    private record TickerIndex(Answer list, Map<String, Long> ids) {
    }
}
