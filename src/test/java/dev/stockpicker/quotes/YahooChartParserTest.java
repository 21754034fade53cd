package dev.stockpicker.quotes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.stockpicker.quotes.QuoteSourceException.Kind;

class YahooChartParserTest {

    private static final LocalDate FROM = LocalDate.of(2020, 1, 1);

    private static final LocalDate TO = LocalDate.of(2020, 12, 31);

    // 2020-01-02 and 2020-01-03 at 14:30Z, the New York open.
    private static final long JAN_2 = 1577975400L;

    private static final long JAN_3 = 1578061800L;

    private static final String NEW_YORK = "{\"exchangeTimezoneName\":\"America/New_York\"}";

    private final YahooChartParser parser = new YahooChartParser();

    private static String chart(String meta, String timestamps, String quote, String adjclose) {
        return "{\"chart\":{\"result\":[{\"meta\":" + meta + ",\"timestamp\":" + timestamps
                + ",\"indicators\":{\"quote\":[" + quote + "]" + (adjclose == null ? "" : ",\"adjclose\":[" + adjclose + "]")
                + "}}],\"error\":null}}";
    }

    @Test
    void usesTheCloseWhenThereIsNoAdjustedClose() {
        String body = chart(NEW_YORK, "[" + JAN_2 + "]",
                "{\"open\":[1.0],\"high\":[2.0],\"low\":[0.5],\"close\":[1.5],\"volume\":[100]}", null);

        List<DailyQuote> quotes = parser.quotes("X", body, FROM, TO);

        assertThat(quotes).containsExactly(new DailyQuote(LocalDate.of(2020, 1, 2), 1.0, 2.0, 0.5, 1.5, 1.5, 100));
    }

    @Test
    void countsAMissingVolumeAsZeroAndAMissingOpenAsTheClose() {
        String body = chart(NEW_YORK, "[" + JAN_2 + "]",
                "{\"open\":[null],\"high\":[2.0],\"low\":[0.5],\"close\":[1.5],\"volume\":[null]}",
                "{\"adjclose\":[1.4]}");

        assertThat(parser.quotes("X", body, FROM, TO))
            .containsExactly(new DailyQuote(LocalDate.of(2020, 1, 2), 1.5, 2.0, 0.5, 1.5, 1.4, 0));
    }

    @Test
    void skipsRowsWithoutCloseOrAdjustedClose() {
        String body = chart(NEW_YORK, "[" + JAN_2 + "," + JAN_3 + "]",
                "{\"open\":[1,1],\"high\":[1,1],\"low\":[1,1],\"close\":[null,1],\"volume\":[1,1]}",
                "{\"adjclose\":[1,null]}");

        assertThat(parser.quotes("X", body, FROM, TO)).isEmpty();
    }

    @Test
    void keepsTheLastRowOfADuplicatedDate() {
        // Yahoo sometimes appends today's live bar with a second timestamp on the same date.
        String body = chart(NEW_YORK, "[" + JAN_3 + "," + JAN_2 + "," + (JAN_2 + 3600) + "]",
                "{\"open\":[3,1,2],\"high\":[3,1,2],\"low\":[3,1,2],\"close\":[3,1,2],\"volume\":[3,1,2]}",
                "{\"adjclose\":[3,1,2]}");

        assertThat(parser.quotes("X", body, FROM, TO)).extracting(DailyQuote::date, DailyQuote::close)
            .containsExactly(tuple(LocalDate.of(2020, 1, 2), 2.0),
                    tuple(LocalDate.of(2020, 1, 3), 3.0));
    }

    @Test
    void fallsBackToNewYorkForAMissingOrUnknownTimezone() {
        // 03:00Z is still the previous evening in New York.
        long earlyUtc = 1578020400L; // 2020-01-03T03:00Z
        String quote = "{\"open\":[1],\"high\":[1],\"low\":[1],\"close\":[1],\"volume\":[1]}";

        assertThat(parser.quotes("X", chart("{}", "[" + earlyUtc + "]", quote, null), FROM, TO))
            .extracting(DailyQuote::date).containsExactly(LocalDate.of(2020, 1, 2));
        assertThat(parser.quotes("X", chart("{\"exchangeTimezoneName\":\"Mars/Olympus\"}", "[" + earlyUtc + "]", quote,
                null), FROM, TO)).extracting(DailyQuote::date).containsExactly(LocalDate.of(2020, 1, 2));
    }

    @Test
    void returnsNothingForARangeWithoutTradingDays() {
        // What Yahoo sends for a weekend: meta only, no timestamps.
        String body = "{\"chart\":{\"result\":[{\"meta\":{\"symbol\":\"X\"},\"indicators\":{\"quote\":[{}],"
                + "\"adjclose\":[{}]}}],\"error\":null}}";

        assertThat(parser.quotes("X", body, FROM, TO)).isEmpty();
    }

    @Test
    void rejectsAChartWithoutResult() {
        assertThatExceptionOfType(QuoteSourceException.class)
            .isThrownBy(() -> parser.quotes("X", "{\"chart\":{\"result\":null,\"error\":null}}", FROM, TO))
            .withMessageContaining("no result")
            .satisfies(ex -> assertThat(ex.kind()).isEqualTo(Kind.BAD_RESPONSE));
        assertThatExceptionOfType(QuoteSourceException.class)
            .isThrownBy(() -> parser.quotes("X", "{\"chart\":{\"result\":[],\"error\":null}}", FROM, TO))
            .satisfies(ex -> assertThat(ex.kind()).isEqualTo(Kind.BAD_RESPONSE));
    }

    @Test
    void rejectsJsonThatIsNotAChart() {
        assertThatExceptionOfType(QuoteSourceException.class)
            .isThrownBy(() -> parser.quotes("X", "{\"finance\":{}}", FROM, TO))
            .withMessageContaining("'chart'")
            .satisfies(ex -> assertThat(ex.kind()).isEqualTo(Kind.BAD_RESPONSE));
    }

    @Test
    void rejectsArraysOfDifferentLengths() {
        String body = chart(NEW_YORK, "[" + JAN_2 + "," + JAN_3 + "]",
                "{\"open\":[1],\"high\":[1],\"low\":[1],\"close\":[1],\"volume\":[1]}", null);

        assertThatExceptionOfType(QuoteSourceException.class).isThrownBy(() -> parser.quotes("X", body, FROM, TO))
            .satisfies(ex -> assertThat(ex.kind()).isEqualTo(Kind.BAD_RESPONSE));
    }

    @Test
    void findsTheDescriptionInAnErrorBody() {
        assertThat(parser.errorDescription(FakeYahooServer.fixture("error-404-SI-no-data-delisted.json")))
            .contains("No data found, symbol may be delisted");
        assertThat(parser.errorDescription("{\"code\":\"Bad Request\",\"description\":\"Data doesn't exist\"}"))
            .contains("Data doesn't exist");
        assertThat(parser.errorDescription("<html>nope</html>")).isEmpty();
        assertThat(parser.errorDescription("{\"chart\":{\"result\":[]}}")).isEmpty();
    }

}
