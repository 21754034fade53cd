package dev.stockpicker.analytics;

import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.HashSet;
import java.util.Set;

/**
 * The NYSE full-day holiday rules: which weekdays of a year the exchange is closed. One-off closures (national days
 * of mourning, weather) are not rules and are left out.
 */
final class NyseHolidays {

    /** NYSE first closed for Juneteenth on 2022-06-20. */
    private static final int FIRST_JUNETEENTH_YEAR = 2022;

    private NyseHolidays() {
    }

    /** The observed holidays of {@code year}; they all fall inside that year and never on a weekend. */
    static Set<LocalDate> of(int year) {
        var newYear = LocalDate.of(year, Month.JANUARY, 1);
        var days = new HashSet<LocalDate>();
        // NYSE rule: no Friday holiday when Jan 1 is a Saturday, because that Friday closes the accounting year
        if (newYear.getDayOfWeek() != SATURDAY) {
            days.add(observed(newYear));
        }
        days.add(nth(3, MONDAY, year, Month.JANUARY)); // Martin Luther King Jr. Day
        days.add(nth(3, MONDAY, year, Month.FEBRUARY)); // Washington's Birthday
        days.add(easterSunday(year).minusDays(2)); // Good Friday
        days.add(LocalDate.of(year, Month.MAY, 31).with(TemporalAdjusters.previousOrSame(MONDAY))); // Memorial Day
        if (year >= FIRST_JUNETEENTH_YEAR) {
            days.add(observed(LocalDate.of(year, Month.JUNE, 19)));
        }
        days.add(observed(LocalDate.of(year, Month.JULY, 4))); // Independence Day
        days.add(nth(1, MONDAY, year, Month.SEPTEMBER)); // Labor Day
        days.add(nth(4, THURSDAY, year, Month.NOVEMBER)); // Thanksgiving
        days.add(observed(LocalDate.of(year, Month.DECEMBER, 25))); // Christmas
        return Set.copyOf(days);
    }

    /** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
    static LocalDate easterSunday(int year) {
        // floor division keeps month and day in range even for negative years, so this never throws
        int a = Math.floorMod(year, 19);
        int b = Math.floorDiv(year, 100);
        int c = Math.floorMod(year, 100);
        int d = Math.floorDiv(b, 4);
        int e = Math.floorMod(b, 4);
        int f = Math.floorDiv(b + 8, 25);
        int g = Math.floorDiv(b - f + 1, 3);
        int h = Math.floorMod(19 * a + b - d - g + 15, 30);
        int i = c / 4;
        int k = c % 4;
        int l = Math.floorMod(32 + 2 * e + 2 * i - h - k, 7);
        int m = (a + 11 * h + 22 * l) / 451;
        int monthAndDay = h + l - 7 * m + 114;
        return LocalDate.of(year, monthAndDay / 31, monthAndDay % 31 + 1);
    }

    /** Saturday holidays are observed on Friday, Sunday holidays on Monday. */
    private static LocalDate observed(LocalDate holiday) {
        return switch (holiday.getDayOfWeek()) {
            case SATURDAY -> holiday.minusDays(1);
            case SUNDAY -> holiday.plusDays(1);
            default -> holiday;
        };
    }

    private static LocalDate nth(int n, DayOfWeek dayOfWeek, int year, Month month) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, dayOfWeek));
    }
}
