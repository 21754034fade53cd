package dev.stockpicker.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Collectors;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.stockpicker.api.BadInputCorpus.Entry;
import dev.stockpicker.support.DatabaseTest;
import dev.stockpicker.support.Fixtures;
import dev.stockpicker.task.TaskTopology;
import dev.stockpicker.support.RawHttp;

/**
 * Replays the bad-input corpus ({@code src/test/resources/bad-input/corpus.txt}) over raw sockets against the web
 * role on the real servers, admin on: every answer is the 4xx the entry names, in the API's JSON error shape with the
 * security headers (or the admin's relative login redirect), without the server's insides; afterwards nothing is
 * stored or queued and the app is healthy. Every failing entry is reported, not just the first.
 */
@DatabaseTest
class BadInputCorpusTest {

    static final String SECTION = "any";

    @Autowired
    Fixtures fixtures;
    @Autowired
    AmqpAdmin amqp;
    @Autowired
    TaskTopology topology;
    @Autowired
    StringRedisTemplate redis;
    @Value("${stockpicker.redis-namespace}")
    String namespace;
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
        replayAndCheck(port, SECTION, fixtures, new CorpusStores(fixtures, amqp, topology, redis, namespace));
    }

    @Test
    void theKnownWrongEntriesAreStillAnsweredWrongly() {
        CorpusStores corpusStores = new CorpusStores(fixtures, amqp, topology, redis, namespace);
        CorpusStores.Snapshot before = corpusStores.snapshot();
        List<Entry> known = section("known wrong");
        try {
            List<String> fixed = known.stream()
                    .filter(entry -> CorpusReplay.problems(entry, CorpusReplay.send(port, entry)).isEmpty())
                    .map(Entry::label).toList();
            assertThat(fixed).as("answered rightly now: move these up to [any] in corpus.txt").isEmpty();
        }
        finally {
            corpusStores.undo(before);
        }
    }

    static List<Entry> section(String name) {
        return BadInputCorpus.load().stream().filter(entry -> entry.section().equals(name)).toList();
    }

    static void replayAndCheck(int port, String section, Fixtures fixtures, CorpusStores stores) {
        fixtures.clear();
        fixtures.ticker("TEST"); // a valid body's symbol exists: only the badness of a request can refuse it
        CorpusStores.Snapshot before = stores.snapshot();
        List<Entry> entries = section(section);
        assertThat(entries).isNotEmpty();

        List<String> problems = CorpusReplay.replay(port, entries);

        RawHttp.Answer health = RawHttp.get(port, "/health/app/");
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(problems).as("%d of %d requests answered wrongly:%n%s", problems.size(), entries.size(),
                    problems.stream().collect(Collectors.joining(System.lineSeparator()))).isEmpty();
            softly.assertThat(stores.snapshot()).as("nothing stored, queued or kept").isEqualTo(before);
            softly.assertThat(health.status()).as(health.body()).isEqualTo(200);
            softly.assertThat(health.body()).contains("\"status\":\"healthy\"");
        });
    }
}
