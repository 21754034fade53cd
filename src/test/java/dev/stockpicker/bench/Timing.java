package dev.stockpicker.bench;

import java.util.ArrayList;
import java.util.List;

/** Repeated measurements of one thing, in seconds; the median is what the report compares. */
record Timing(List<Double> seconds) {

    Timing {
        if (seconds.isEmpty()) {
            throw new IllegalArgumentException("no measurements");
        }
        seconds = List.copyOf(seconds);
    }

    static Timing of(double... seconds) {
        List<Double> list = new ArrayList<>();
        for (double s : seconds) {
            list.add(s);
        }
        return new Timing(list);
    }

    double median() {
        List<Double> sorted = seconds.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min() {
        return seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    double max() {
        return seconds.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /** Times {@code action} once, in seconds. */
    static double seconds(Runnable action) {
        long started = System.nanoTime();
        action.run();
        return (System.nanoTime() - started) / 1e9;
    }
}
