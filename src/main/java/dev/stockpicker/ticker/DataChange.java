package dev.stockpicker.ticker;

/**
 * One committed change announced by the database (migration V3): the ticker list, one ticker's quotes (or its
 * symbol), or everything (a TRUNCATE, or a reconnect after which nobody knows what was missed).
 */
public record DataChange(Kind kind, long tickerId) {

    public enum Kind {
        TICKERS, QUOTES, EVERYTHING
    }

    public static final DataChange TICKERS = new DataChange(Kind.TICKERS, 0);
    public static final DataChange EVERYTHING = new DataChange(Kind.EVERYTHING, 0);

    /** The payload of a notification on {@code stockpicker_data}; one it does not know means everything. */
    static DataChange parse(String payload) {
        if ("t".equals(payload)) {
            return TICKERS;
        }
        if (payload != null && payload.length() > 1 && payload.charAt(0) == 'q') {
            try {
                return new DataChange(Kind.QUOTES, Long.parseLong(payload.substring(1)));
            }
            catch (NumberFormatException e) {
                return EVERYTHING;
            }
        }
        return EVERYTHING;
    }
}
