package dev.stockpicker.quotes;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import dev.stockpicker.analytics.MarketCalendar;

/**
 * Made-up but plausible daily quotes for any symbol, on NYSE trading days, for demos and tests without a network.
 * <p>
 * Each day's log return is {@code beta * market + alpha + own noise}: the market part is drawn per date and shared by
 * every symbol so stocks move together, the noise per (symbol, date); the market symbols (the index, INDEX_TICKER) are the
 * market part alone. Prices are those returns summed from a fixed anchor day, plus a slow per-symbol cycle. A day's
 * quote therefore never depends on the range asked for: an incremental fetch continues a full one bit for bit, on
 * every machine.
 */
public class SampleQuoteSource implements QuoteSource {

    /** The day every series is anchored at: it closes at the symbol's anchor price (before its cycle term). */
    static final LocalDate ANCHOR = LocalDate.of(2020, 1, 2);

    /** The symbols that are the market itself unless told otherwise. */

    private final Set<String> marketSymbols;

    private final SampleMarket market;

    /** @param marketSymbols symbols to model as the market itself (beta 1, nothing of their own), e.g. SPY */
    public SampleQuoteSource(MarketCalendar calendar, Set<String> marketSymbols) {
        this.market = new SampleMarket(calendar);
        this.marketSymbols = marketSymbols.stream()
            .map(SampleQuoteSource::normalize)
            .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public String name() {
        return "sample";
    }

    @Override
    public boolean isSample() {
        return true;
    }

    @Override
    public List<DailyQuote> fetch(String symbol, LocalDate from, LocalDate to) {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("symbol must not be blank");
        }
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
        String ticker = normalize(symbol);
        SampleProfile profile = SampleProfile.of(ticker, marketSymbols.contains(ticker));
        List<DailyQuote> quotes = new ArrayList<>();
        if (from.isBefore(ANCHOR)) {
            quotesBeforeAnchor(profile, from, to, quotes);
        }
        if (!to.isBefore(ANCHOR)) {
            quotesFromAnchor(profile, from, to, quotes);
        }
        return quotes;
    }

    /*
     * Both walks start at the anchor and sum in one fixed order, outwards from it, so a day's log level is the same
     * double whatever range is fetched (floating-point addition is not associative).
     */

    private void quotesBeforeAnchor(SampleProfile profile, LocalDate from, LocalDate to, List<DailyQuote> quotes) {
        long anchor = ANCHOR.toEpochDay();
        long first = from.toEpochDay();
        long last = to.toEpochDay();
        List<DailyQuote> descending = new ArrayList<>();
        double level = StrictMath.log(profile.anchorPrice());
        for (int y = ANCHOR.getYear(); y >= from.getYear(); y--) {
            SampleMarket.Year year = market.year(y);
            for (int i = year.days().length - 1; i >= 0; i--) {
                long day = year.days()[i];
                if (day > anchor) {
                    continue;
                }
                if (day < first) {
                    break;
                }
                SplittableRandom own = SampleDraws.forDay(profile.seed(), day);
                double dayReturn = dailyReturn(profile, year.returns()[i], own);
                if (day < anchor && day <= last) {
                    descending.add(quote(profile, day, level, dayReturn, own));
                }
                level -= dayReturn;
            }
        }
        Collections.reverse(descending);
        quotes.addAll(descending);
    }

    private void quotesFromAnchor(SampleProfile profile, LocalDate from, LocalDate to, List<DailyQuote> quotes) {
        long anchor = ANCHOR.toEpochDay();
        long first = from.toEpochDay();
        long last = to.toEpochDay();
        double level = StrictMath.log(profile.anchorPrice());
        for (int y = ANCHOR.getYear(); y <= to.getYear(); y++) {
            SampleMarket.Year year = market.year(y);
            for (int i = 0; i < year.days().length; i++) {
                long day = year.days()[i];
                if (day < anchor) {
                    continue;
                }
                if (day > last) {
                    break;
                }
                SplittableRandom own = SampleDraws.forDay(profile.seed(), day);
                double dayReturn = dailyReturn(profile, year.returns()[i], own);
                if (day > anchor) {
                    level += dayReturn;
                }
                if (day >= first) {
                    quotes.add(quote(profile, day, level, dayReturn, own));
                }
            }
        }
    }

    /** The day's log return; takes the first draw of {@code own}, so the quote can keep drawing from it. */
    private static double dailyReturn(SampleProfile profile, double marketReturn, SplittableRandom own) {
        double noise = SampleDraws.gaussian(own);
        return profile.market() ? marketReturn : profile.beta() * marketReturn + profile.alpha() + profile.sigma() * noise;
    }

    private static DailyQuote quote(SampleProfile profile, long day, double level, double dayReturn,
            SplittableRandom own) {
        double close = StrictMath.exp(level + profile.cycle(day));
        double range = profile.dayVolatility();
        double open = close * (1.0 + 0.5 * range * (2.0 * own.nextDouble() - 1.0));
        double high = Math.max(open, close) * (1.0 + 0.6 * range * own.nextDouble());
        double low = Math.min(open, close) * (1.0 - 0.6 * range * own.nextDouble());
        // Busy days trade more: volume grows with the size of the move.
        double volume = profile.baseVolume() * (0.6 + 0.8 * own.nextDouble()) * (1.0 + 15.0 * Math.abs(dayReturn));
        return new DailyQuote(LocalDate.ofEpochDay(day), open, high, low, close, close,
                Math.max(1L, Math.round(volume)));
    }

    private static String normalize(String symbol) {
        return symbol.strip().toUpperCase(Locale.ROOT);
    }

}
