package dev.stockpicker.ticker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.stockpicker.support.RepositoryTest;

/** Tickers on the real PostgreSQL: creation is idempotent even under races, and the schema guards the symbol rules. */
@RepositoryTest
class TickerRepositoryTest {

    @Autowired
    TickerRepository tickers;
    @Autowired
    QuoteRepository quotes;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void getOrCreateCreatesOnceThenFindsTheSameTicker() {
        TickerRepository.Creation first = tickers.getOrCreate("ZZREPO1");
        TickerRepository.Creation second = tickers.getOrCreate("ZZREPO1");

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.ticker()).isEqualTo(first.ticker());
        assertThat(tickers.find("ZZREPO1")).contains(first.ticker());
    }

    @Test
    void symbolsAndAllAreSortedBySymbol() {
        tickers.getOrCreate("ZZREPO3");
        tickers.getOrCreate("ZZREPO2");

        List<String> symbols = tickers.symbols();
        assertThat(symbols).isSorted().contains("ZZREPO2", "ZZREPO3");
        assertThat(tickers.all()).extracting(Ticker::symbol).isEqualTo(symbols);
        assertThat(tickers.count()).isEqualTo(symbols.size());
    }

    @Test
    void findIsExactAboutCase() {
        tickers.getOrCreate("ZZREPO4");

        assertThat(tickers.find("zzrepo4")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "zzlower", "TOOLONGSYMB", "A B", "ß", "" })
    void theSchemaRefusesSymbolsThatSymbolsWouldRefuse(String symbol) {
        // A second guard behind Symbols.normalize: no path into the table can store what the API would refuse.
        assertThatThrownBy(() -> tickers.getOrCreate(symbol)).isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void deleteTakesTheQuotesWithIt() {
        Ticker ticker = tickers.getOrCreate("ZZREPO5").ticker();
        quotes.upsert(ticker.id(), List.of(QuoteRow.prices(LocalDate.of(1990, 1, 2), 1, 1, 1, 1, 1, 1)));

        assertThat(tickers.delete("ZZREPO5")).isTrue();
        assertThat(tickers.delete("ZZREPO5")).isFalse();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM quote WHERE ticker_id = ?", Long.class, ticker.id()))
                .isZero();
    }

    @Test
    void deleteIfNoQuotesKeepsATickerThatHasQuotes() {
        Ticker withQuotes = tickers.getOrCreate("ZZREPO6").ticker();
        quotes.upsert(withQuotes.id(), List.of(QuoteRow.prices(LocalDate.of(1990, 1, 2), 1, 1, 1, 1, 1, 1)));
        tickers.getOrCreate("ZZREPO7");

        assertThat(tickers.deleteIfNoQuotes("ZZREPO6")).isFalse();
        assertThat(tickers.deleteIfNoQuotes("ZZREPO7")).isTrue();
        assertThat(tickers.find("ZZREPO6")).isPresent();
        assertThat(tickers.find("ZZREPO7")).isEmpty();
    }

    /** Eight callers at once, each in its own transaction (not the test's): one ticker, exactly one "created". */
    @Test
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    void concurrentCallersMakeOneTicker() throws Exception {
        String symbol = "ZZRACE";
        tickers.delete(symbol);
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<TickerRepository.Creation>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return tickers.getOrCreate(symbol);
                }));
            }
            start.countDown();
            int created = 0;
            for (Future<TickerRepository.Creation> result : results) {
                created += result.get().created() ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM ticker WHERE symbol = ?", Long.class, symbol))
                    .isEqualTo(1);
        }
        finally {
            pool.shutdownNow();
            tickers.delete(symbol);
        }
    }
}
