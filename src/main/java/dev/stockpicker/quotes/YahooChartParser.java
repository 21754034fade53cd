package dev.stockpicker.quotes;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import dev.stockpicker.quotes.QuoteSourceException.Kind;

/**
 * Turns a Yahoo v8 chart body into {@link DailyQuote}s. Reads the tree rather than binding classes because Yahoo adds
 * and drops {@code meta} fields over the years and only a handful of paths matter here.
 */
final class YahooChartParser {

    private static final ZoneId FALLBACK_ZONE = ZoneId.of("America/New_York");

    private final ObjectMapper mapper = JsonMapper.builder().build();

    /** The quotes of a 200 body with {@code from <= date <= to}, ascending, the last row winning per date. */
    List<DailyQuote> quotes(String symbol, String body, LocalDate from, LocalDate to) {
        JsonNode chart = readTree(body).path("chart");
        if (!chart.isObject()) {
            throw bad(symbol, "the body has no 'chart' object");
        }
        JsonNode error = chart.path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            throw bad(symbol, "Yahoo reported an error: " + describe(error));
        }
        JsonNode result = chart.path("result").path(0);
        if (!result.isObject()) {
            throw bad(symbol, "the chart has no result");
        }
        JsonNode timestamps = result.path("timestamp");
        if (timestamps.isMissingNode() || timestamps.isNull()) {
            // Yahoo leaves the timestamps out when the range holds no trading day (a weekend, say).
            return List.of();
        }
        JsonNode quote = result.path("indicators").path("quote").path(0);
        JsonNode close = quote.path("close");
        if (!timestamps.isArray() || !close.isArray() || close.size() != timestamps.size()) {
            throw bad(symbol, "timestamp and indicators.quote[0].close are missing or differ in length");
        }
        // Some instruments (and old captures) have no adjclose block: the close is then the best we have.
        JsonNode adjClose = result.path("indicators").path("adjclose").path(0).path("adjclose");
        if (!adjClose.isArray()) {
            adjClose = close;
        }
        ZoneId zone = exchangeZone(result.path("meta"));

        TreeMap<LocalDate, DailyQuote> byDate = new TreeMap<>();
        for (int i = 0; i < timestamps.size(); i++) {
            JsonNode c = close.path(i);
            JsonNode a = adjClose.path(i);
            if (!c.isNumber() || !a.isNumber()) {
                continue; // Yahoo pads days it has no prices for with nulls.
            }
            if (!timestamps.path(i).isNumber()) {
                throw bad(symbol, "timestamp[" + i + "] is not a number");
            }
            LocalDate date = Instant.ofEpochSecond(timestamps.path(i).asLong()).atZone(zone).toLocalDate();
            if (date.isBefore(from) || date.isAfter(to)) {
                continue;
            }
            double closeValue = c.doubleValue();
            byDate.put(date,
                    new DailyQuote(date, number(quote.path("open").path(i), closeValue),
                            number(quote.path("high").path(i), closeValue),
                            number(quote.path("low").path(i), closeValue), closeValue, a.doubleValue(),
                            quote.path("volume").path(i).isNumber() ? quote.path("volume").path(i).asLong() : 0L));
        }
        return new ArrayList<>(byDate.values());
    }

    /** Yahoo's {@code chart.error.description} (or code) of an error body, if the body is one. */
    Optional<String> errorDescription(String body) {
        try {
            JsonNode tree = mapper.readTree(body);
            // Chart errors nest under "chart"; some 400s come back as a bare {"code","description"} object.
            JsonNode error = tree.path("chart").path("error");
            if (!error.isObject()) {
                error = tree.path("finance").path("error");
            }
            if (!error.isObject()) {
                error = tree;
            }
            String text = describe(error);
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        }
        catch (JacksonException ex) {
            return Optional.empty();
        }
    }

    private JsonNode readTree(String body) {
        try {
            return mapper.readTree(body);
        }
        catch (JacksonException ex) {
            throw new QuoteSourceException(Kind.BAD_RESPONSE,
                    "Yahoo chart response is not JSON (starts with: " + preview(body) + ")", ex);
        }
    }

    private static String describe(JsonNode error) {
        if (error.isString()) {
            return error.asString();
        }
        String description = error.path("description").asString("");
        return !description.isBlank() ? description : error.path("code").asString("");
    }

    private static ZoneId exchangeZone(JsonNode meta) {
        String name = meta.path("exchangeTimezoneName").asString("");
        try {
            return name.isBlank() ? FALLBACK_ZONE : ZoneId.of(name);
        }
        catch (DateTimeException ex) {
            return FALLBACK_ZONE;
        }
    }

    // A missing open/high/low should not cost the whole day when the close is known.
    private static double number(JsonNode node, double fallback) {
        return node.isNumber() ? node.doubleValue() : fallback;
    }

    private static QuoteSourceException bad(String symbol, String why) {
        return new QuoteSourceException(Kind.BAD_RESPONSE, "Unexpected Yahoo chart response for " + symbol + ": " + why);
    }

    static String preview(String body) {
        String flat = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return flat.length() <= 80 ? "'" + flat + "'" : "'" + flat.substring(0, 80) + "…'";
    }

}
