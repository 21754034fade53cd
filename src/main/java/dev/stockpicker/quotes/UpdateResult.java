package dev.stockpicker.quotes;

import java.time.LocalDate;

/** What one ticker's update did: how many rows it wrote (inserted or changed) for which fetched dates. */
public record UpdateResult(String symbol, Outcome outcome, int rowsFetched, int rowsWritten, LocalDate firstDate,
        LocalDate lastDate, long millis) {

    public enum Outcome {
        /** New quotes were fetched and stored. */
        UPDATED,
        /** Already up to the last closed trading day: nothing fetched. */
        UP_TO_DATE,
        /** Derived values recomputed from stored quotes, nothing fetched. */
        RECOMPUTED
    }

    static UpdateResult upToDate(String symbol, LocalDate latest) {
        return new UpdateResult(symbol, Outcome.UP_TO_DATE, 0, 0, null, latest, 0);
    }

    public String describe() {
        return switch (outcome) {
            case UP_TO_DATE -> symbol + ": up to date (" + lastDate + ")";
            case UPDATED -> rowsFetched == 0 ? symbol + ": no new quotes from the source (" + millis + " ms)"
                    : symbol + ": " + rowsFetched + " quotes " + firstDate + ".." + lastDate + ", " + rowsWritten
                            + " rows written in " + millis + " ms";
            case RECOMPUTED -> symbol + ": recomputed " + rowsWritten + " rows in " + millis + " ms";
        };
    }
}
