package dev.stockpicker.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MarketCalendarTest {

    private final MarketCalendar calendar = new MarketCalendar();

    // Published NYSE holiday schedules (observed dates), without the 2025-01-09 one-off closure for President Carter
    static Stream<Arguments> publishedHolidays() {
        return Stream.of(
                Arguments.of(2021, List.of("2021-01-01", "2021-01-18", "2021-02-15", "2021-04-02", "2021-05-31",
                        "2021-07-05", "2021-09-06", "2021-11-25", "2021-12-24")),
                Arguments.of(2022, List.of("2022-01-17", "2022-02-21", "2022-04-15", "2022-05-30", "2022-06-20",
                        "2022-07-04", "2022-09-05", "2022-11-24", "2022-12-26")),
                Arguments.of(2023, List.of("2023-01-02", "2023-01-16", "2023-02-20", "2023-04-07", "2023-05-29",
                        "2023-06-19", "2023-07-04", "2023-09-04", "2023-11-23", "2023-12-25")),
                Arguments.of(2024, List.of("2024-01-01", "2024-01-15", "2024-02-19", "2024-03-29", "2024-05-27",
                        "2024-06-19", "2024-07-04", "2024-09-02", "2024-11-28", "2024-12-25")),
                Arguments.of(2025, List.of("2025-01-01", "2025-01-20", "2025-02-17", "2025-04-18", "2025-05-26",
                        "2025-06-19", "2025-07-04", "2025-09-01", "2025-11-27", "2025-12-25")),
                Arguments.of(2026, List.of("2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03", "2026-05-25",
                        "2026-06-19", "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25")),
                Arguments.of(2027, List.of("2027-01-01", "2027-01-18", "2027-02-15", "2027-03-26", "2027-05-31",
                        "2027-06-18", "2027-07-05", "2027-09-06", "2027-11-25", "2027-12-24")));
    }

    @ParameterizedTest
    @MethodSource("publishedHolidays")
    void holidaysOfAYearAreExactlyThePublishedNyseSchedule(int year, List<String> expected) {
        List<String> holidays = new ArrayList<>();
        for (LocalDate day = LocalDate.of(year, 1, 1); day.getYear() == year; day = day.plusDays(1)) {
            if (calendar.isHoliday(day)) {
                holidays.add(day.toString());
            }
        }
        assertThat(holidays).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @CsvSource({ "2021-12-24", "2022-06-20", "2023-01-02", "2024-03-29", "2025-04-18", "2026-07-03", "2027-06-18" })
    void observedAndMovableHolidaysAreNotTradingDays(LocalDate date) {
        assertThat(calendar.isHoliday(date)).isTrue();
        assertThat(calendar.isTradingDay(date)).isFalse();
    }

    @Test
    void newYearOnASaturdayGivesNoFridayHoliday() {
        // 2022-01-01 and 2028-01-01 are Saturdays; NYSE stays open on the last day of the year before
        assertThat(calendar.isTradingDay(LocalDate.parse("2021-12-31"))).isTrue();
        assertThat(calendar.isTradingDay(LocalDate.parse("2027-12-31"))).isTrue();
    }

    @Test
    void juneteenthIsOnlyAHolidayFrom2022() {
        assertThat(calendar.isTradingDay(LocalDate.parse("2021-06-18"))).isTrue();
        assertThat(calendar.isTradingDay(LocalDate.parse("2021-06-21"))).isTrue();
        assertThat(calendar.isHoliday(LocalDate.parse("2022-06-20"))).isTrue();
    }

    @Test
    void holidayFallingOnAWeekendIsNotReportedOnThatDay() {
        assertThat(calendar.isHoliday(LocalDate.parse("2021-12-25"))).isFalse();
        assertThat(calendar.isTradingDay(LocalDate.parse("2021-12-25"))).isFalse();
    }

    @Test
    void weekendsAreNeverTradingDays() {
        assertThat(calendar.isTradingDay(LocalDate.parse("2024-06-15"))).isFalse(); // Saturday
        assertThat(calendar.isTradingDay(LocalDate.parse("2024-06-16"))).isFalse(); // Sunday
        assertThat(calendar.isTradingDay(LocalDate.parse("2024-06-17"))).isTrue(); // Monday
        assertThat(calendar.isHoliday(LocalDate.parse("2024-06-15"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource({ "2021, 252", "2022, 251", "2023, 250", "2024, 252",
            // 251 by the rules; NYSE actually had 250 because of the one-off 2025-01-09 closure, which is not a rule
            "2025, 251", "2026, 251" })
    void tradingDaysPerYearMatchTheRules(int year, int expected) {
        assertThat(calendar.tradingDaysBetween(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)))
            .hasSize(expected);
    }

    @Test
    void tradingDaysBetweenIsInclusiveAndAscending() {
        // Thanksgiving week 2024: Thursday closed
        assertThat(calendar.tradingDaysBetween(LocalDate.parse("2024-11-25"), LocalDate.parse("2024-12-02")))
            .containsExactly(LocalDate.parse("2024-11-25"), LocalDate.parse("2024-11-26"),
                    LocalDate.parse("2024-11-27"), LocalDate.parse("2024-11-29"), LocalDate.parse("2024-12-02"));
    }

    @Test
    void tradingDaysBetweenIsEmptyForAReversedOrClosedRange() {
        assertThat(calendar.tradingDaysBetween(LocalDate.parse("2024-01-10"), LocalDate.parse("2024-01-09")))
            .isEmpty();
        assertThat(calendar.tradingDaysBetween(LocalDate.parse("2024-06-15"), LocalDate.parse("2024-06-16")))
            .isEmpty();
    }

    @Test
    void thePreviousTradingDayIsStrictAndSkipsWeekendsAndHolidays() {
        // Good Friday 2024-03-29 and the weekend around it
        assertThat(calendar.previousTradingDay(LocalDate.parse("2024-04-01"))).isEqualTo("2024-03-28");
        assertThat(calendar.previousTradingDay(LocalDate.parse("2024-04-02"))).isEqualTo("2024-04-01");
        // across the year end with observed New Year on Monday 2023-01-02
        assertThat(calendar.previousTradingDay(LocalDate.parse("2023-01-03"))).isEqualTo("2022-12-30");
    }

    @ParameterizedTest(name = "{0} New York -> {1}")
    @CsvSource({
            // a Wednesday, just before and at the close
            "2024-06-12T15:59:59, 2024-06-11", "2024-06-12T16:00, 2024-06-12", "2024-06-12T23:59, 2024-06-12",
            "2024-06-12T00:00, 2024-06-11",
            // Saturday and Sunday fall back to Friday, whatever the time
            "2024-06-15T10:00, 2024-06-14", "2024-06-16T20:00, 2024-06-14",
            // Monday holiday (Memorial Day 2024-05-27): even after 16:00 it is the Friday before
            "2024-05-27T17:00, 2024-05-24",
            // Monday morning after a Good Friday: the Thursday before
            "2024-04-01T09:30, 2024-03-28" })
    void lastClosedTradingDayIsJudgedInNewYorkTime(LocalDateTime newYorkTime, LocalDate expected) {
        Instant now = newYorkTime.atZone(MarketCalendar.NEW_YORK).toInstant();
        assertThat(calendar.lastClosedTradingDay(now)).isEqualTo(expected);
    }

    @Test
    void lastClosedTradingDayFollowsDaylightSavingTime() {
        // Friday 2024-03-08 is EST (close = 21:00 UTC); Monday 2024-03-11 is EDT (close = 20:00 UTC)
        assertThat(calendar.lastClosedTradingDay(Instant.parse("2024-03-08T20:59:59Z"))).isEqualTo("2024-03-07");
        assertThat(calendar.lastClosedTradingDay(Instant.parse("2024-03-08T21:00:00Z"))).isEqualTo("2024-03-08");
        assertThat(calendar.lastClosedTradingDay(Instant.parse("2024-03-11T19:59:59Z"))).isEqualTo("2024-03-08");
        assertThat(calendar.lastClosedTradingDay(Instant.parse("2024-03-11T20:00:00Z"))).isEqualTo("2024-03-11");
    }

    @Test
    void lastClosedTradingDayIsNotFooledByUtcAlreadyBeingTomorrow() {
        // 01:00 UTC Saturday is still Friday 21:00 in New York (EDT): Friday's session has closed
        assertThat(calendar.lastClosedTradingDay(Instant.parse("2024-06-15T01:00:00Z"))).isEqualTo("2024-06-14");
        // 02:00 UTC Wednesday is Tuesday 22:00 in New York: Tuesday, not Wednesday
        assertThat(calendar.lastClosedTradingDay(Instant.parse("2024-06-12T02:00:00Z"))).isEqualTo("2024-06-11");
    }

    @Test
    void answersAreStableWhenAskedManyTimes() {
        // exercises the per-year cache from a cold and a warm state
        var fresh = new MarketCalendar();
        List<LocalDate> first = fresh.tradingDaysBetween(LocalDate.parse("2019-01-01"), LocalDate.parse("2024-12-31"));
        List<LocalDate> second = fresh.tradingDaysBetween(LocalDate.parse("2019-01-01"), LocalDate.parse("2024-12-31"));
        assertThat(second).isEqualTo(first).hasSize(252 + 253 + 252 + 251 + 250 + 252);
    }
}
