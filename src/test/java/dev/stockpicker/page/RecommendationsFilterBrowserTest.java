package dev.stockpicker.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import dev.stockpicker.support.FullStackTest;

/** The buy and sell tables: counts, the first-letter filter, and a symbol that opens its charts. */
@FullStackTest
class RecommendationsFilterBrowserTest extends ReadOnlyPageTest {

    @BeforeEach
    void openThePage() {
        page.open().waitForRecommendations();
    }

    @Test
    void theCountsSayHowManyHitsEachTableHas() {
        assertThat(page.hitCount("buy")).isEqualTo(String.valueOf(page.hits("buy").size()));
        assertThat(page.hitCount("sell")).isEqualTo(String.valueOf(page.hits("sell").size()));
        assertThat(page.hits("buy").size() + page.hits("sell").size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theFilterOffersTheFirstLettersOfAllHits() {
        List<String> symbols = allHits();

        assertThat(page.filterLetters())
                .containsExactlyElementsOf(symbols.stream().map(s -> s.substring(0, 1)).distinct().sorted().toList());
    }

    @Test
    void aLetterLeavesOnlyTheHitsStartingWithIt() {
        List<String> before = allHits();
        int buyBefore = page.hits("buy").size();
        String letter = page.filterLetters().get(0);

        page.filterBy(letter);

        List<String> after = allHits();
        assertThat(after).isNotEmpty().allSatisfy(symbol -> assertThat(symbol).startsWith(letter));
        assertThat(after).hasSizeLessThan(before.size())
                .containsExactlyInAnyOrderElementsOf(before.stream().filter(s -> s.startsWith(letter)).toList());
        assertThat(page.hitCount("buy")).isEqualTo(page.hits("buy").size() + " of " + buyBefore);
    }

    @Test
    void allShowsEveryHitAgain() {
        List<String> before = allHits();
        page.filterBy(page.filterLetters().get(0));

        page.filterBy("");

        assertThat(allHits()).containsExactlyElementsOf(before);
    }

    @Test
    void aSymbolInATableOpensItsCharts() {
        page.waitForCharts("AMZN");
        String symbol = allHits().stream().filter(s -> !s.equals("AMZN")).findFirst().orElseThrow();

        page.clickHit(symbol);

        page.waitForCharts(symbol);
        assertThat(page.chartTitle()).isEqualTo(symbol);
    }

    private List<String> allHits() {
        List<String> all = new ArrayList<>(page.hits("buy"));
        all.addAll(page.hits("sell"));
        return all;
    }
}
