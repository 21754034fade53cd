package dev.stockpicker.support;

import java.time.LocalDate;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.stockpicker.ticker.QuoteRepository;
import dev.stockpicker.ticker.QuoteRow;
import dev.stockpicker.ticker.Ticker;
import dev.stockpicker.ticker.TickerRepository;

/** Puts tickers and quotes into the test database, the way the reference's tests did with the ORM. */
@Component
public class Fixtures {

    private final JdbcTemplate jdbc;
    private final TickerRepository tickers;
    private final QuoteRepository quotes;

    Fixtures(JdbcTemplate jdbc, TickerRepository tickers, QuoteRepository quotes) {
        this.jdbc = jdbc;
        this.tickers = tickers;
        this.quotes = quotes;
    }

    public void clear() {
        jdbc.execute("TRUNCATE ticker, quote RESTART IDENTITY CASCADE");
    }

    /** Every ticker with its quote count, last date and price sum: equal fingerprints, equal data (for tests). */
    public String fingerprint() {
        return jdbc.queryForObject("SELECT coalesce(string_agg(t.symbol || ':' || coalesce(q.n, 0) || ':' "
                + "|| coalesce(q.last::text, '') || ':' || coalesce(q.total::text, ''), ',' ORDER BY t.symbol), '') "
                + "FROM ticker t LEFT JOIN (SELECT ticker_id, count(*) n, max(date) last, sum(adj_close) total "
                + "FROM quote GROUP BY ticker_id) q ON q.ticker_id = t.id", String.class);
    }

    public Ticker ticker(String symbol) {
        return tickers.getOrCreate(symbol).ticker();
    }

    /** A quote with the given adjusted close and derived values (null for "not computable"). */
    public QuoteRow quote(String symbol, LocalDate date, double adjClose, Double indexAdjClose, Double scaled,
            Double movingAverage, Double ratio) {
        QuoteRow row = new QuoteRow(date, 0, 0, 0, 0, 0, adjClose, indexAdjClose, scaled, movingAverage, ratio,
                ratio == null ? null : 1);
        quotes.upsert(ticker(symbol).id(), List.of(row));
        return row;
    }

    public QuoteRow quoteWithRatio(String symbol, LocalDate date, double ratio) {
        return quote(symbol, date, 0, 0.0, 0.0, 0.0, ratio);
    }
}
