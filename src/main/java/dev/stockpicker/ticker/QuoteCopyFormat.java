package dev.stockpicker.ticker;

import java.util.List;

/**
 * Writes quote rows in PostgreSQL's COPY text format (tab-separated, {@code \N} for null). Public so that the
 * ingest benchmark measures this very code.
 */
public final class QuoteCopyFormat {

    private QuoteCopyFormat() {
    }

    public static String lines(long tickerId, List<QuoteRow> rows) {
        StringBuilder out = new StringBuilder(rows.size() * 160);
        for (QuoteRow r : rows) {
            out.append(tickerId).append('\t').append(r.date()).append('\t');
            out.append(r.open()).append('\t').append(r.high()).append('\t').append(r.low()).append('\t');
            out.append(r.close()).append('\t').append(r.volume()).append('\t').append(r.adjClose()).append('\t');
            field(out, r.indexAdjClose()).append('\t');
            field(out, r.scaledAdjClose()).append('\t');
            field(out, r.movingAverage()).append('\t');
            field(out, r.ratio()).append('\t');
            field(out, r.quotesInMovingAverage()).append('\n');
        }
        return out.toString();
    }

    private static StringBuilder field(StringBuilder out, Object value) {
        return value == null ? out.append("\\N") : out.append(value);
    }
}
