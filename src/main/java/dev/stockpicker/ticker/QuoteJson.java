package dev.stockpicker.ticker;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A quote as the API serves it: the reference's keys in the reference's order, values rounded to 4 digits half-even
 * on the exact binary value (what Python's {@code round(x, 4)} does). Derived values that could not be computed are
 * null.
 */
@JsonPropertyOrder({ "symbol", "date", "ac", "iac", "sac", "sac_ma", "ratio" })
public record QuoteJson(String symbol, String date, Double ac, Double iac, Double sac,
        @JsonProperty("sac_ma") Double sacMa, Double ratio) {

    static final int DECIMAL_DIGITS = 4;

    static QuoteJson of(String symbol, LocalDate date, double adjClose, Double indexAdjClose, Double scaled,
            Double movingAverage, Double ratio) {
        return new QuoteJson(symbol, date.toString(), round(adjClose), round(indexAdjClose), round(scaled),
                round(movingAverage), round(ratio));
    }

    static Double round(Double value) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return null;
        }
        return new BigDecimal(value).setScale(DECIMAL_DIGITS, RoundingMode.HALF_EVEN).doubleValue();
    }
}
