package dev.stockpicker.quotes;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.stockpicker.analytics.MarketCalendar;

/** A quote source for tests: a simple price series per symbol on trading days, recording every request. */
class ScriptedQuoteSource implements QuoteSource {

    record Request(String symbol, LocalDate from, LocalDate to) {
    }

    final List<Request> requests = new ArrayList<>();
    final Map<String, RuntimeException> failures = new HashMap<>();
    final Map<String, List<LocalDate>> missingDays = new HashMap<>();
    private final MarketCalendar calendar = new MarketCalendar();

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public boolean isSample() {
        return true;
    }

    @Override
    public List<DailyQuote> fetch(String symbol, LocalDate from, LocalDate to) {
        requests.add(new Request(symbol, from, to));
        if (failures.containsKey(symbol)) {
            throw failures.get(symbol);
        }
        List<DailyQuote> quotes = new ArrayList<>();
        for (LocalDate day : calendar.tradingDaysBetween(from, to)) {
            if (missingDays.getOrDefault(symbol, List.of()).contains(day)) {
                continue;
            }
            double price = price(symbol, day);
            quotes.add(new DailyQuote(day, price, price * 1.01, price * 0.99, price, price, 1000));
        }
        return quotes;
    }

    /** A deterministic wave, different per symbol, so ratios move above and below 1. */
    static double price(String symbol, LocalDate day) {
        double phase = Math.abs(symbol.hashCode() % 100) / 10.0;
        return 100 + 20 * Math.sin(day.toEpochDay() / (30.0 + symbol.length()) + phase);
    }
}
