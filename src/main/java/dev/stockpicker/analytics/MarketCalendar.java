package dev.stockpicker.analytics;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * NYSE trading days: weekdays that are not exchange holidays. One-off closures (national days of mourning, weather)
 * are not modelled and early-close days count as ordinary sessions.
 * <p>
 * Thread-safe. Holidays are computed once per year and cached, because the sample quote source asks about every day
 * of five years for hundreds of tickers.
 */
public final class MarketCalendar {

    public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    public static final LocalTime MARKET_CLOSE = LocalTime.of(16, 0);

    private final Map<Integer, Set<LocalDate>> holidaysByYear = new ConcurrentHashMap<>();

    /** A calendar with the NYSE holiday rules. */
    public MarketCalendar() {
    }

    /** Whether NYSE holds a session on {@code date}: not a weekend, not a holiday. */
    public boolean isTradingDay(LocalDate date) {
        return !isWeekend(date) && !isHoliday(date);
    }

    /**
     * Whether {@code date} is a weekday on which NYSE is closed for a holiday. This is the observed day: a holiday
     * falling on a weekend is not itself reported (2021-12-25 is not, the observed 2021-12-24 is).
     */
    public boolean isHoliday(LocalDate date) {
        int year = date.getYear();
        // get() first: computeIfAbsent may lock even when the year is already cached
        Set<LocalDate> holidays = holidaysByYear.get(year);
        if (holidays == null) {
            holidays = holidaysByYear.computeIfAbsent(year, NyseHolidays::of);
        }
        return holidays.contains(date);
    }

    /** The last trading day strictly before {@code date}. */
    public LocalDate previousTradingDay(LocalDate date) {
        LocalDate day = date.minusDays(1);
        while (!isTradingDay(day)) {
            day = day.minusDays(1);
        }
        return day;
    }

    /**
     * The last trading day whose session has closed at {@code now}: today if a trading day and now >= 16:00 New York,
     * else the previous trading day. Judged in New York time, never in the server's zone.
     */
    public LocalDate lastClosedTradingDay(Instant now) {
        ZonedDateTime newYork = now.atZone(NEW_YORK);
        LocalDate today = newYork.toLocalDate();
        boolean closedToday = isTradingDay(today) && !newYork.toLocalTime().isBefore(MARKET_CLOSE);
        return closedToday ? today : previousTradingDay(today);
    }

    /** All trading days from..to inclusive, ascending; empty when {@code from} is after {@code to}. */
    public List<LocalDate> tradingDaysBetween(LocalDate from, LocalDate to) {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            if (isTradingDay(day)) {
                days.add(day);
            }
        }
        return List.copyOf(days);
    }

    private static boolean isWeekend(LocalDate date) {
        DayOfWeek day = date.getDayOfWeek();
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    }
}
