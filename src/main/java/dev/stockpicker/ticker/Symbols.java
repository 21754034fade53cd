package dev.stockpicker.ticker;

import java.util.Locale;
import java.util.regex.Pattern;

/** The one rule for what a ticker symbol may look like, shared by the API, the commands and the admin. */
public final class Symbols {

    private static final Pattern VALID = Pattern.compile("[A-Z0-9.^=-]{1,10}");

    private Symbols() {
    }

    /** Trims and upper-cases {@code raw}; throws {@link InvalidSymbolException} with a reason when it is not valid. */
    public static String normalize(String raw) {
        if (raw == null) {
            throw new InvalidSymbolException("ticker is required");
        }
        String symbol = raw.trim().toUpperCase(Locale.ROOT);
        if (symbol.isEmpty()) {
            throw new InvalidSymbolException("ticker must not be empty");
        }
        if (!VALID.matcher(symbol).matches()) {
            throw new InvalidSymbolException("invalid ticker \"" + abbreviate(symbol)
                    + "\": use 1 to 10 of A-Z, 0-9, '.', '-', '^', '='");
        }
        return symbol;
    }

    private static String abbreviate(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "...";
    }

    /** A symbol that breaks the rule; the message is safe to show to users. */
    public static class InvalidSymbolException extends IllegalArgumentException {
        InvalidSymbolException(String message) {
            super(message);
        }
    }
}
