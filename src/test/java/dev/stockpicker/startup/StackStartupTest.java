package dev.stockpicker.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.stockpicker.support.RecordingPublisher;
import dev.stockpicker.support.RoleFreeTest;
import dev.stockpicker.StockpickerProperties;
import dev.stockpicker.support.Fixtures;
import dev.stockpicker.task.TaskMessage;
import dev.stockpicker.task.TaskNames;
import dev.stockpicker.task.TaskPublishException;
import dev.stockpicker.task.TaskPublisher;
import dev.stockpicker.ticker.TickerRepository;

@RoleFreeTest
class StackStartupTest {

    @Autowired
    TickerRepository tickers;
    @Autowired
    StackEvents events;
    @Autowired
    StockpickerProperties properties;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Fixtures fixtures;

    final RecordingPublisher publisher = new RecordingPublisher();

    @BeforeEach
    void freshStack() {
        fixtures.clear();
        jdbc.update("DELETE FROM stack_event WHERE name = ?", StackStartup.INITIAL_REFRESH);
    }

    // Leave the test database's refresh claimed, so web test contexts started later queue no real refresh.
    @AfterEach
    void leaveTheRefreshClaimed() {
        events.claim(StackStartup.INITIAL_REFRESH, "tests");
    }

    StackStartup startup(String owner, TaskPublisher to) {
        return new StackStartup(tickers, events, to, properties, owner);
    }

    @Test
    void concurrentStartsPublishExactlyOneInitialRefresh() throws Exception {
        int processes = 8;
        ExecutorService pool = Executors.newFixedThreadPool(processes);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> published = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            StackStartup startup = startup("web-" + i, publisher);
            published.add(pool.submit(() -> {
                go.await();
                return startup.run();
            }));
        }
        go.countDown();
        List<String> winners = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            if (published.get(i).get(10, TimeUnit.SECONDS)) {
                winners.add("web-" + i);
            }
        }
        pool.shutdown();

        assertThat(winners).hasSize(1);
        assertThat(publisher.names()).containsExactly(TaskNames.UPDATE_ALL_TICKERS);
        assertThat(events.find(StackStartup.INITIAL_REFRESH))
                .hasValueSatisfying(claim -> assertThat(claim.owner()).isEqualTo(winners.get(0)));
    }

    @Test
    void startLoadsTheIndexAndDefaultTickers() {
        startup("web-1", publisher).run();

        assertThat(tickers.symbols()).containsExactlyInAnyOrderElementsOf(properties.tickersToLoad());
    }

    @Test
    void aLaterStartOnlyLoadsTickersAndDoesNotPublishAgain() {
        assertThat(startup("beat-1", publisher).run()).isTrue();
        fixtures.clear();

        assertThat(startup("web-1", publisher).run()).isFalse();

        assertThat(publisher.count()).isOne();
        assertThat(tickers.symbols()).containsExactlyInAnyOrderElementsOf(properties.tickersToLoad());
    }

    @Test
    void aFailedPublishReleasesTheClaimSoTheNextStartPublishes() {
        TaskPublisher brokerDown = new RecordingPublisher() {
            @Override
            public TaskMessage publish(String name, List<String> args) {
                throw new TaskPublishException("broker unavailable");
            }
        };

        assertThat(startup("web-1", brokerDown).run()).isFalse();
        assertThat(events.find(StackStartup.INITIAL_REFRESH)).isEmpty();

        assertThat(startup("web-2", publisher).run()).isTrue();
        assertThat(publisher.names()).containsExactly(TaskNames.UPDATE_ALL_TICKERS);
    }
}
