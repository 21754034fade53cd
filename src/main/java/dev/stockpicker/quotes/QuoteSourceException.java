package dev.stockpicker.quotes;

/** A quote source could not deliver quotes; {@link #kind()} says why in a machine-readable way. */
public class QuoteSourceException extends RuntimeException {

    public enum Kind {
        /** The source does not know the symbol (Yahoo's 404). Retrying will not help. */
        UNKNOWN_SYMBOL,
        /** Network failure, 429 or 5xx after the client's own retries. A later retry may help. */
        UNAVAILABLE,
        /** The source answered something that is not a chart (not JSON, wrong shape). */
        BAD_RESPONSE
    }

    private final Kind kind;

    public QuoteSourceException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public QuoteSourceException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether trying the same request again later could succeed. */
    public boolean isRetryable() {
        return kind == Kind.UNAVAILABLE;
    }
}
