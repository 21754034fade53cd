package dev.stockpicker.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class AnswerCacheTest {

    @Test
    void aValueIsComputedOnceUntilItsKeyIsInvalidated() {
        AnswerCache<String, String> cache = new AnswerCache<>(100, String::length);
        AtomicInteger computed = new AtomicInteger();

        assertThat(cache.get("k", () -> "v" + computed.incrementAndGet())).isEqualTo("v1");
        assertThat(cache.get("k", () -> "v" + computed.incrementAndGet())).isEqualTo("v1");
        cache.invalidate("k");
        assertThat(cache.get("k", () -> "v" + computed.incrementAndGet())).isEqualTo("v2");
        cache.invalidateAll();
        assertThat(cache.get("k", () -> "v" + computed.incrementAndGet())).isEqualTo("v3");
    }

    @Test
    void aValueComputedWhileItsKeyIsInvalidatedIsReturnedButNotKept() {
        AnswerCache<String, String> cache = new AnswerCache<>(100, String::length);

        // The change is announced while the computation reads: what it read may predate the change.
        String during = cache.get("k", () -> {
            cache.invalidate("k");
            return "read-before-the-change";
        });

        assertThat(during).isEqualTo("read-before-the-change");
        assertThat(cache.bytes()).isZero();
        assertThat(cache.get("k", () -> "after")).isEqualTo("after");
    }

    @Test
    void overTheBudgetTheLeastRecentlyReadValuesGo() throws InterruptedException {
        AnswerCache<Integer, String> cache = new AnswerCache<>(10, String::length);
        cache.get(1, () -> "aaaa");
        Thread.sleep(2); // past the 1 ms granularity of the last-read time
        cache.get(2, () -> "bbbb");
        Thread.sleep(2);
        cache.get(1, () -> "recomputed");

        cache.get(3, () -> "cccc");

        assertThat(cache.bytes()).isEqualTo(8);
        assertThat(cache.get(1, () -> "gone")).isEqualTo("aaaa");
        assertThat(cache.get(2, () -> "recomputed")).isEqualTo("recomputed");
    }

    @Test
    void aValueLargerThanTheBudgetIsNeverKept() {
        AnswerCache<Integer, String> cache = new AnswerCache<>(3, String::length);

        assertThat(cache.get(1, () -> "large")).isEqualTo("large");
        assertThat(cache.bytes()).isZero();
    }

    @Test
    void gzipIsAcceptedOnlyWhenNamedOrCoveredByAStarWithANonZeroQuality() {
        assertThat(Answer.acceptsGzip(null)).isFalse();
        assertThat(Answer.acceptsGzip(java.util.List.of("gzip, deflate, br"))).isTrue();
        assertThat(Answer.acceptsGzip(java.util.List.of("br;q=1.0, GZIP;q=0.5"))).isTrue();
        assertThat(Answer.acceptsGzip(java.util.List.of("gzip;q=0"))).isFalse();
        assertThat(Answer.acceptsGzip(java.util.List.of("*"))).isTrue();
        assertThat(Answer.acceptsGzip(java.util.List.of("*, gzip;q=0"))).isFalse();
        assertThat(Answer.acceptsGzip(java.util.List.of("identity"))).isFalse();
    }
}
