package dev.stockpicker.ticker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;

import dev.stockpicker.support.RepositoryTest;

/**
 * Quotes on the real PostgreSQL: the bulk writes are idempotent and rewrite only what changed, and the reads behind the
 * API keep their order, bounds and nulls. Dates in 1990 keep these rows apart from other tests' fixtures.
 */
@RepositoryTest
class QuoteRepositoryTest {

    static final LocalDate DAY = LocalDate.of(1990, 1, 2);

    @Autowired
    TickerRepository tickers;
    @Autowired
    QuoteRepository quotes;

    long a;
    long b;

    @BeforeEach
    void twoTickers() {
        a = tickers.getOrCreate("ZZQA").ticker().id();
        b = tickers.getOrCreate("ZZQB").ticker().id();
    }

    @Test
    void upsertStoresRowsAndARepeatChangesNothing() {
        List<QuoteRow> rows = days(DAY, 5, 10.0);

        assertThat(quotes.upsert(a, rows)).isEqualTo(5);
        assertThat(quotes.upsert(a, rows)).isZero();
        assertThat(quotes.rowsFrom(a, DAY)).isEqualTo(rows);
    }

    @Test
    void upsertRewritesOnlyTheRowsThatChanged() {
        List<QuoteRow> rows = days(DAY, 5, 10.0);
        quotes.upsert(a, rows);
        List<QuoteRow> changed = new ArrayList<>(rows);
        changed.set(2, row(rows.get(2).date(), 99.0));

        assertThat(quotes.upsert(a, changed)).isEqualTo(1);
        assertThat(quotes.rowsFrom(a, DAY).get(2).adjClose()).isEqualTo(99.0);
    }

    @Test
    void insertNewRefusesARowThatIsAlreadyStored() {
        quotes.insertNew(a, days(DAY, 2, 10.0));

        // The caller (QuoteUpdater) falls back to upsert on exactly this exception.
        assertThatThrownBy(() -> quotes.insertNew(a, days(DAY.plusDays(1), 2, 10.0)))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void emptyWritesTouchNothing() {
        assertThat(quotes.upsert(a, List.of())).isZero();
        assertThat(quotes.insertNew(a, List.of())).isZero();
        assertThat(quotes.latestDate(a)).isEmpty();
    }

    @Test
    void chartIsOldestFirstAndKeepsMissingDerivedValuesNull() {
        quotes.upsert(a, List.of(
                row(DAY.plusDays(1), 11.0).withDerived(100.0, 0.11, 0.1, 1.1, 1),
                row(DAY, 10.123456, null)));

        List<QuoteJson> chart = quotes.chart(a);

        assertThat(chart).extracting(QuoteJson::date).containsExactly("1990-01-02", "1990-01-03");
        assertThat(chart.get(0)).isEqualTo(new QuoteJson("ZZQA", "1990-01-02", 10.1235, null, null, null, null));
        assertThat(chart.get(1)).isEqualTo(new QuoteJson("ZZQA", "1990-01-03", 11.0, 100.0, 0.11, 0.1, 1.1));
        assertThat(quotes.latestDate(a)).contains(DAY.plusDays(1));
    }

    @Test
    void byRatioOnKeepsItsBoundsExclusiveAndOrdersThenLimits() {
        long c = tickers.getOrCreate("ZZQC").ticker().id();
        long d = tickers.getOrCreate("ZZQD").ticker().id();
        quotes.upsert(a, List.of(row(DAY, 1.0).withDerived(1.0, 1.0, 1.0, 1.0, 1))); // exactly 1: neither list
        quotes.upsert(b, List.of(row(DAY, 1.0).withDerived(1.0, 1.0, 1.0, 1.5, 1)));
        quotes.upsert(c, List.of(row(DAY, 1.0).withDerived(1.0, 1.0, 1.0, 2.5, 1)));
        quotes.upsert(d, List.of(row(DAY, 1.0).withDerived(1.0, 1.0, 1.0, 0.5, 1)));

        assertThat(quotes.byRatioOn(DAY, 1.0, Double.MAX_VALUE, true, 25)).extracting(QuoteJson::symbol)
                .containsExactly("ZZQC", "ZZQB");
        assertThat(quotes.byRatioOn(DAY, 1.0, Double.MAX_VALUE, true, 1)).extracting(QuoteJson::symbol)
                .containsExactly("ZZQC");
        assertThat(quotes.byRatioOn(DAY, 0.0, 1.0, false, 25)).extracting(QuoteJson::symbol)
                .containsExactly("ZZQD");
        assertThat(quotes.byRatioOn(DAY.plusDays(1), 0.0, Double.MAX_VALUE, false, 25)).isEmpty();
    }

    @Test
    void firstDateMissingIndexFindsTheEarliestGapThatTheIndexCanNowFill() {
        // b plays the index: quotes on all four days, each with its own close as index value (as the updater stores it)
        quotes.upsert(b, days(DAY, 4, 400.0).stream()
                .map(r -> r.withDerived(r.adjClose(), 1.0, null, null, null)).toList());
        quotes.upsert(a, List.of(
                row(DAY, 1.0).withDerived(400.0, 1.0, null, null, null),
                row(DAY.plusDays(1), 1.0),
                row(DAY.plusDays(2), 1.0),
                row(DAY.plusDays(9), 1.0))); // no index quote that day: not a gap the index can fill

        assertThat(quotes.firstDateMissingIndex(a, b)).contains(DAY.plusDays(1));
        assertThat(quotes.firstDateMissingIndex(b, b)).isEmpty();
    }

    @Test
    void countsByTickerAndAdjClosesFromReadWhatWasStored() {
        quotes.upsert(a, days(DAY, 3, 10.0));
        quotes.upsert(b, days(DAY, 2, 20.0));

        assertThat(quotes.countsByTicker()).containsEntry(a, 3L).containsEntry(b, 2L);
        assertThat(quotes.adjClosesFrom(b, DAY.plusDays(1))).containsExactlyEntriesOf(
                java.util.Map.of(DAY.plusDays(1), 21.0));
        assertThat(quotes.count()).isGreaterThanOrEqualTo(5);
    }

    /** {@code n} consecutive days of prices from {@code first}, adjusted closes start, start + 1, … */
    static List<QuoteRow> days(LocalDate first, int n, double start) {
        List<QuoteRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(row(first.plusDays(i), start + i));
        }
        return rows;
    }

    static QuoteRow row(LocalDate date, double adjClose) {
        return QuoteRow.prices(date, adjClose, adjClose, adjClose, adjClose, 1000, adjClose);
    }

    static QuoteRow row(LocalDate date, double adjClose, Double indexAdjClose) {
        return row(date, adjClose).withDerived(indexAdjClose, null, null, null, null);
    }
}
