package dev.stockpicker.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import dev.stockpicker.api.BadInputCorpus.Entry;
import dev.stockpicker.support.DatabaseTest;

/**
 * Replays the bad-input corpus ({@code src/test/resources/bad-input/corpus.txt}) over raw sockets against the web
 * role on the real servers, admin on: every answer is the 4xx the entry names, in the API's JSON error shape with the
 * security headers (or the admin's relative login redirect), without the server's insides; afterwards nothing is
 * stored or queued and the app is healthy. Every failing entry is reported, not just the first.
 */
@DatabaseTest
class BadInputCorpusTest {

    @Autowired
    ApplicationContext context;
    @LocalServerPort
    int port;

    @Test
    void theCorpusHoldsAtLeast300DistinctRequests() {
        List<Entry> all = BadInputCorpus.load();
        long distinct = all.stream().map(entry -> ByteBuffer.wrap(entry.request())).distinct().count();
        assertThat(distinct).isGreaterThanOrEqualTo(300);
    }

    @Test
    void everyBadRequestIsRefusedWithoutStoringAnything() {
        CorpusReplay.replayAndCheck(port, "any", CorpusStores.of(context));
    }

    @Test
    void theKnownWrongEntriesAreStillAnsweredWrongly() {
        CorpusStores stores = CorpusStores.of(context);
        CorpusStores.Snapshot before = stores.snapshot();
        try {
            List<String> fixed = CorpusReplay.section("known wrong").stream()
                    .filter(entry -> CorpusReplay.problems(entry, CorpusReplay.send(port, entry)).isEmpty())
                    .map(Entry::label).toList();
            assertThat(fixed).as("answered rightly now: move these up to [any] in corpus.txt").isEmpty();
        }
        finally {
            stores.undo(before);
        }
    }
}
