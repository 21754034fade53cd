package dev.stockpicker.admin;

import java.time.LocalDate;

/** A row of the admin's ticker list; {@code latestDate} is null while the ticker has no quotes. */
record TickerSummary(String symbol, long quotes, LocalDate latestDate) {
}
