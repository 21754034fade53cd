package dev.stockpicker.ticker;

/** A symbol the picker follows. */
public record Ticker(long id, String symbol) {
}
