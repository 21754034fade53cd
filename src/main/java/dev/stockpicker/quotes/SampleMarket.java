package dev.stockpicker.quotes;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import dev.stockpicker.analytics.MarketCalendar;

/**
 * The sample market: its trading days and the market factor's log return on each, shared by every symbol. Cached a
 * year at a time because each of hundreds of symbols walks the same days.
 */
final class SampleMarket {

    // Roughly the S&P 500's long-run character: ~7.5 %/year drift, ~18 %/year volatility, now and then a wild day.
    static final double DRIFT = 0.0003;

    static final double SIGMA = 0.0105;

    private static final double WILD_DAY_ODDS = 0.04;

    private static final double WILD_DAY_SCALE = 2.5;

    private static final long STREAM = SampleDraws.fnv1a("stockpicker sample market factor");

    /** One calendar year: its trading days as epoch days, ascending, and the market's log return on each. */
    record Year(long[] days, double[] returns) {
    }

    private final MarketCalendar calendar;

    private final Map<Integer, Year> years = new ConcurrentHashMap<>();

    SampleMarket(MarketCalendar calendar) {
        this.calendar = calendar;
    }

    Year year(int year) {
        Year cached = years.get(year);
        return cached != null ? cached : years.computeIfAbsent(year, this::build);
    }

    private Year build(int year) {
        List<LocalDate> tradingDays = calendar.tradingDaysBetween(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
        long[] days = new long[tradingDays.size()];
        double[] returns = new double[days.length];
        for (int i = 0; i < days.length; i++) {
            days[i] = tradingDays.get(i).toEpochDay();
            // Seeded by the date alone, so a day's market move does not depend on the calendar around it.
            SplittableRandom random = SampleDraws.forDay(STREAM, days[i]);
            double scale = random.nextDouble() < WILD_DAY_ODDS ? WILD_DAY_SCALE : 1.0;
            returns[i] = DRIFT + SIGMA * scale * SampleDraws.gaussian(random);
        }
        return new Year(days, returns);
    }

}
