package dev.stockpicker.ticker;

import java.util.regex.Pattern;

/**
 * The one rule for what a ticker symbol may look like, shared by the API, the commands and the admin. Only ASCII
 * is trimmed and upper-cased, by hand: {@code String.trim()} also eats control characters ({@code AAPL\u0000} would
 * pass) and {@code toUpperCase} turns {@code ß}, {@code ſ} and {@code ı} into ASCII letters.
 */
public final class Symbols {

    private static final Pattern VALID = Pattern.compile("[A-Z0-9.^=-]{1,10}");
    private static final String RULE = "use 1 to 10 of A-Z, 0-9, '.', '-', '^', '='";

    private Symbols() {
    }

    /** Trims and upper-cases {@code raw}; throws {@link InvalidSymbolException} with a reason when it is not valid. */
    public static String normalize(String raw) {
        if (raw == null) {
            throw new InvalidSymbolException("ticker is required");
        }
        int start = 0;
        int end = raw.length();
        while (start < end && isAsciiSpace(raw.charAt(start))) {
            start++;
        }
        while (end > start && isAsciiSpace(raw.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            throw new InvalidSymbolException("ticker must not be empty");
        }
        StringBuilder symbol = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidSymbolException("invalid ticker: control characters are not allowed; " + RULE);
            }
            if (c > 0x7f) {
                throw new InvalidSymbolException("invalid ticker: only ASCII is allowed; " + RULE);
            }
            symbol.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
        }
        String result = symbol.toString();
        if (!VALID.matcher(result).matches()) {
            throw new InvalidSymbolException("invalid ticker \"" + abbreviate(result) + "\": " + RULE);
        }
        return result;
    }

    private static boolean isAsciiSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
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
