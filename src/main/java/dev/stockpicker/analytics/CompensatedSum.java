package dev.stockpicker.analytics;

/**
 * A running sum with Neumaier compensation. A sliding window adds and removes thousands of values; a plain double
 * sum would carry the rounding of every value that has ever passed through it, this one stays within a few ulps of
 * the exact sum of the values currently in it.
 */
final class CompensatedSum {

    private double sum;

    private double compensation;

    void add(double value) {
        double total = sum + value;
        // the low-order bits lost by the addition, taken from whichever operand is smaller in magnitude
        if (Math.abs(sum) >= Math.abs(value)) {
            compensation += (sum - total) + value;
        }
        else {
            compensation += (value - total) + sum;
        }
        sum = total;
    }

    void subtract(double value) {
        add(-value);
    }

    /** Back to exactly zero, dropping any residue left by values that have all been subtracted again. */
    void reset() {
        sum = 0;
        compensation = 0;
    }

    double value() {
        return sum + compensation;
    }
}
