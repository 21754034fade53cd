package dev.stockpicker.quotes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.stockpicker.StockpickerProperties;
import dev.stockpicker.analytics.MarketCalendar;
import dev.stockpicker.support.DatabaseTest;
import dev.stockpicker.support.Fixtures;
import dev.stockpicker.ticker.QuoteRepository;
import dev.stockpicker.ticker.QuoteRow;
import dev.stockpicker.ticker.TickerRepository;

/** The update path on the real PostgreSQL: incremental fetches, idempotent writes, failures that store nothing. */
@DatabaseTest
class QuoteUpdaterTest {

    // Wednesday 2025-11-19, 22:00 UTC = 17:00 New York: that day's session has closed.
    static final Instant WEDNESDAY_EVENING = Instant.parse("2025-11-19T22:00:00Z");

    @Autowired
    Fixtures fixtures;
    @Autowired
    TickerRepository tickers;
    @Autowired
    QuoteRepository quotes;
    @Autowired
    StockpickerProperties properties;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    JdbcTemplate jdbc;

    ScriptedQuoteSource source = new ScriptedQuoteSource();

    @BeforeEach
    void setUp() {
        fixtures.clear();
    }

    QuoteUpdater updaterAt(Instant now) {
        return new QuoteUpdater(tickers, quotes, source, new MarketCalendar(), properties, transaction,
                Clock.fixed(now, ZoneOffset.UTC));
    }

    long id(String symbol) {
        return tickers.find(symbol).orElseThrow().id();
    }

    @Test
    void aNewTickerGetsFiveYearsUpToTheLastClosedTradingDay() {
        UpdateResult result = withIndex(updaterAt(WEDNESDAY_EVENING), "AMZN");

        assertThat(source.requests).extracting(ScriptedQuoteSource.Request::symbol).containsExactly("SPY", "AMZN");
        assertThat(source.requests.get(1).from()).isEqualTo(LocalDate.of(2025, 11, 19).minusWeeks(260));
        assertThat(result.lastDate()).isEqualTo(LocalDate.of(2025, 11, 19));
        assertThat(result.rowsWritten()).isEqualTo(result.rowsFetched()).isGreaterThan(1250);
        assertThat(quotes.latestDate(id("AMZN"))).contains(LocalDate.of(2025, 11, 19));
    }

    @Test
    void aTickerAlreadyUpToDateIsSkippedWithoutFetching() {
        withIndex(updaterAt(WEDNESDAY_EVENING), "AMZN");
        source.requests.clear();

        // Thursday 10:00 New York: Thursday's session is still open, so Wednesday is still the last closed day.
        UpdateResult result = withIndex(updaterAt(Instant.parse("2025-11-20T15:00:00Z")), "AMZN");

        assertThat(result.outcome()).isEqualTo(UpdateResult.Outcome.UP_TO_DATE);
        assertThat(source.requests).isEmpty();
    }

    @Test
    void aLaterUpdateFetchesOnlyTheMissingDays() {
        withIndex(updaterAt(WEDNESDAY_EVENING), "AMZN");
        source.requests.clear();

        // The next Monday evening: Thursday, Friday and Monday are new.
        UpdateResult result = withIndex(updaterAt(Instant.parse("2025-11-24T22:00:00Z")), "AMZN");

        assertThat(source.requests).containsExactly(
                new ScriptedQuoteSource.Request("SPY", LocalDate.of(2025, 11, 20), LocalDate.of(2025, 11, 24)),
                new ScriptedQuoteSource.Request("AMZN", LocalDate.of(2025, 11, 20), LocalDate.of(2025, 11, 24)));
        assertThat(result.rowsFetched()).isEqualTo(3);
        assertThat(result.rowsWritten()).isEqualTo(3);
    }

    @Test
    void incrementalUpdatesGiveTheSameDerivedValuesAsOneFullRecompute() {
        withIndex(updaterAt(WEDNESDAY_EVENING), "AMZN");
        withIndex(updaterAt(Instant.parse("2025-11-24T22:00:00Z")), "AMZN");
        List<QuoteRow> incremental = quotes.rowsFrom(id("AMZN"), LocalDate.of(1900, 1, 1));

        // Every derived value forgotten: the updater's repair recomputes them all from the stored prices in one go.
        jdbc.update("UPDATE quote SET index_adj_close = NULL, scaled_adj_close = NULL, sac_moving_average = NULL, "
                + "sac_to_sacma_ratio = NULL, quotes_in_moving_average = NULL WHERE ticker_id = ?", id("AMZN"));
        updaterAt(Instant.parse("2025-11-24T22:00:00Z")).update("AMZN");

        assertSameWithinRounding(quotes.rowsFrom(id("AMZN"), LocalDate.of(1900, 1, 1)), incremental);
    }

    @Test
    void refetchingALostDayRestoresItAndRewritesNothingElse() {
        withIndex(updaterAt(WEDNESDAY_EVENING), "AMZN");
        List<QuoteRow> before = quotes.rowsFrom(id("AMZN"), LocalDate.of(1900, 1, 1));
        jdbc.update("DELETE FROM quote WHERE ticker_id = ? AND date = ?", id("AMZN"), LocalDate.of(2025, 11, 19));

        UpdateResult again = withIndex(updaterAt(WEDNESDAY_EVENING), "AMZN");

        assertThat(again.rowsFetched()).isEqualTo(1);
        assertThat(again.rowsWritten()).isEqualTo(1);
        assertSameWithinRounding(quotes.rowsFrom(id("AMZN"), LocalDate.of(1900, 1, 1)), before);
    }

    @Test
    void storingTheSameRowsTwiceWritesNothingTheSecondTime() {
        withIndex(updaterAt(WEDNESDAY_EVENING), "AMZN");
        List<QuoteRow> stored = quotes.rowsFrom(id("AMZN"), LocalDate.of(1900, 1, 1));

        int written = transaction.execute(status -> quotes.upsert(id("AMZN"), stored));

        assertThat(written).isZero();
        assertThat(quotes.rowsFrom(id("AMZN"), LocalDate.of(1900, 1, 1))).isEqualTo(stored);
    }

    /** Equal prices and counts; derived values equal up to floating-point summation order. */
    static void assertSameWithinRounding(List<QuoteRow> actual, List<QuoteRow> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            QuoteRow a = actual.get(i);
            QuoteRow e = expected.get(i);
            assertThat(a.withDerived(null, null, null, null, a.quotesInMovingAverage()))
                    .isEqualTo(e.withDerived(null, null, null, null, e.quotesInMovingAverage()));
            assertThat(a.indexAdjClose()).isEqualTo(e.indexAdjClose());
            assertThat(a.scaledAdjClose()).isEqualTo(e.scaledAdjClose());
            assertThat(a.movingAverage()).isCloseTo(e.movingAverage(), within(1e-12));
            assertThat(a.ratio()).isCloseTo(e.ratio(), within(1e-12));
        }
    }

    @Test
    void theIndexIsScaledByItselfToOne() {
        updaterAt(WEDNESDAY_EVENING).update("SPY");
        assertThat(quotes.rowsFrom(id("SPY"), LocalDate.of(1900, 1, 1))).allSatisfy(row -> {
            assertThat(row.scaledAdjClose()).isEqualTo(1.0);
            assertThat(row.movingAverage()).isCloseTo(1.0, within(1e-12));
            assertThat(row.ratio()).isCloseTo(1.0, within(1e-12));
        });
    }

    @Test
    void derivedValuesFollowTheReferenceFormulas() {
        withIndex(updaterAt(WEDNESDAY_EVENING), "AMZN");
        LocalDate day = LocalDate.of(2025, 11, 19);
        QuoteRow last = quotes.rowsFrom(id("AMZN"), day).get(0);

        double spy = ScriptedQuoteSource.price("SPY", day);
        double amzn = ScriptedQuoteSource.price("AMZN", day);
        List<Double> window = jdbc.queryForList("SELECT q.adj_close / s.adj_close FROM quote q "
                + "JOIN quote s ON s.date = q.date AND s.ticker_id = ? WHERE q.ticker_id = ? AND q.date BETWEEN ? AND ?",
                Double.class, id("SPY"), id("AMZN"), day.minusWeeks(86), day);
        double mean = window.stream().mapToDouble(Double::doubleValue).average().orElseThrow();

        assertThat(last.indexAdjClose()).isEqualTo(spy);
        assertThat(last.scaledAdjClose()).isCloseTo(amzn / spy, within(1e-12));
        assertThat(last.quotesInMovingAverage()).isEqualTo(window.size());
        assertThat(last.movingAverage()).isCloseTo(mean, within(1e-12));
        assertThat(last.ratio()).isCloseTo(amzn / spy / mean, within(1e-12));
    }

    @Test
    void aDayWithoutAnIndexQuoteGetsNoDerivedValuesAndIsNotRecommended() {
        LocalDate gap = LocalDate.of(2025, 11, 19);
        source.missingDays.put("SPY", List.of(gap));

        withIndex(updaterAt(WEDNESDAY_EVENING), "AMZN");

        QuoteRow row = quotes.rowsFrom(id("AMZN"), gap).get(0);
        assertThat(row.date()).isEqualTo(gap);
        assertThat(row.adjClose()).isPositive();
        assertThat(row.indexAdjClose()).isNull();
        assertThat(row.ratio()).isNull();
        assertThat(quotes.byRatioOn(gap, 0, Double.MAX_VALUE, true, 25)).isEmpty();
    }

    @Test
    void daysStoredBeforeTheIndexHadThemAreCompletedOnTheNextUpdate() {
        LocalDate gap = LocalDate.of(2025, 11, 19);
        source.missingDays.put("SPY", List.of(gap));
        withIndex(updaterAt(WEDNESDAY_EVENING), "AMZN");
        source.missingDays.clear();
        jdbc.update("DELETE FROM quote WHERE ticker_id = ? AND date = ?", id("SPY"), gap);

        updaterAt(WEDNESDAY_EVENING).update("SPY");
        UpdateResult repaired = updaterAt(WEDNESDAY_EVENING).update("AMZN");

        assertThat(repaired.outcome()).isEqualTo(UpdateResult.Outcome.RECOMPUTED);
        assertThat(quotes.rowsFrom(id("AMZN"), gap).get(0).ratio()).isNotNull();
    }

    @Test
    void newDaysStoredMeanwhileByAnotherWriterAreMergedNotFailed() {
        withIndex(updaterAt(WEDNESDAY_EVENING), "AMZN");
        LocalDate thursday = LocalDate.of(2025, 11, 20);
        ScriptedQuoteSource racing = new ScriptedQuoteSource() {
            @Override
            public List<DailyQuote> fetch(String symbol, LocalDate from, LocalDate to) {
                // Another writer (say an update-quotes command) stores Thursday while this update is fetching it.
                jdbc.update("INSERT INTO quote (ticker_id, date, adj_close) VALUES (?, ?, 1)", id(symbol), thursday);
                return super.fetch(symbol, from, to);
            }
        };
        QuoteUpdater updater = new QuoteUpdater(tickers, quotes, racing, new MarketCalendar(), properties,
                transaction, Clock.fixed(Instant.parse("2025-11-20T22:00:00Z"), ZoneOffset.UTC));

        UpdateResult result = withIndex(updater, "AMZN");

        assertThat(result.rowsWritten()).isEqualTo(1);
        QuoteRow stored = quotes.rowsFrom(id("AMZN"), thursday).get(0);
        assertThat(stored.adjClose()).isEqualTo(ScriptedQuoteSource.price("AMZN", thursday));
        assertThat(stored.ratio()).isNotNull();
    }

    @Test
    void aFailingSourceStoresNothingAndCreatesNoTicker() {
        source.failures.put("NOPE", new QuoteSourceException(QuoteSourceException.Kind.UNKNOWN_SYMBOL, "no data"));

        assertThatThrownBy(() -> withIndex(updaterAt(WEDNESDAY_EVENING), "NOPE"))
                .isInstanceOf(QuoteSourceException.class).hasMessage("no data");

        assertThat(tickers.find("NOPE")).isEmpty();
        assertThat(tickers.symbols()).containsExactly("SPY");
    }

    /** The index first, as the worker and update-quotes do: a ticker's derived values need the index's day. */
    static UpdateResult withIndex(QuoteUpdater updater, String symbol) {
        updater.update("SPY");
        return updater.update(symbol);
    }
}
