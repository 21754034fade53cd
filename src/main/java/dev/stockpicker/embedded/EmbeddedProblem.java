package dev.stockpicker.embedded;

/** A start-up problem the user can fix, told in one line (no stack trace): a port in use, a data folder in use. */
final class EmbeddedProblem extends RuntimeException {

    EmbeddedProblem(String message) {
        super(message, null, false, false);
    }
}
