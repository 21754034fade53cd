package dev.stockpicker.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.stockpicker.api.TickerAnswers.Freshness;

/** Which requests get an answer current to their arrival: those that refuse a stored answer, as HTTP says it. */
class FreshnessTest {

    @Test
    void noCacheOrMaxAgeZeroOrPragmaNoCacheAskForACurrentAnswer() {
        assertThat(Freshness.of(List.of("no-cache"), null)).isEqualTo(Freshness.CURRENT);
        assertThat(Freshness.of(List.of("No-Cache"), null)).isEqualTo(Freshness.CURRENT);
        assertThat(Freshness.of(List.of("max-age=0"), null)).isEqualTo(Freshness.CURRENT);
        assertThat(Freshness.of(List.of("no-transform, max-age=0"), null)).isEqualTo(Freshness.CURRENT);
        assertThat(Freshness.of(List.of("no-store", " no-cache "), null)).isEqualTo(Freshness.CURRENT);
        assertThat(Freshness.of(null, List.of("no-cache"))).isEqualTo(Freshness.CURRENT);
    }

    @Test
    void anyOtherRequestTakesARecentAnswer() {
        assertThat(Freshness.of(null, null)).isEqualTo(Freshness.RECENT);
        assertThat(Freshness.of(List.of("max-age=60"), null)).isEqualTo(Freshness.RECENT);
        assertThat(Freshness.of(List.of("no-cachex"), List.of("x"))).isEqualTo(Freshness.RECENT);
        assertThat(Freshness.of(List.of(""), null)).isEqualTo(Freshness.RECENT);
    }
}
