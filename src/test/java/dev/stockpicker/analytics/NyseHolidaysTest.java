package dev.stockpicker.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NyseHolidaysTest {

    @ParameterizedTest
    @CsvSource({ "1943, 1943-04-25", "2000, 2000-04-23", "2008, 2008-03-23", "2011, 2011-04-24",
            "2019, 2019-04-21", "2024, 2024-03-31", "2025, 2025-04-20", "2038, 2038-04-25", "2285, 2285-03-22" })
    void easterSundayMatchesKnownDatesIncludingTheEarliestAndLatest(int year, LocalDate expected) {
        assertThat(NyseHolidays.easterSunday(year)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({ "2021", "2022", "2023", "2024", "2025", "2026", "2027", "2028" })
    void observedHolidaysNeverFallOnAWeekendOrOutsideTheirYear(int year) {
        assertThat(NyseHolidays.of(year)).allSatisfy(day -> {
            assertThat(day.getYear()).isEqualTo(year);
            assertThat(day.getDayOfWeek().getValue()).isLessThanOrEqualTo(5);
        });
    }
}
