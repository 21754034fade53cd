package dev.stockpicker.health;

import java.util.concurrent.TimeoutException;

import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.AmqpIOException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * Why a check failed, classified by us: the word in parentheses of a check's {@code reason}. The words are the
 * reference's where its contract fixes them ("celery job failed (TimeoutError)", "tickers not loaded
 * (DoesNotExist)", "database query failed (ProgrammingError)", "... (AssertionError)"); a service that cannot be
 * reached reads "OperationalError", the name the reference's database and broker clients give that failure.
 */
enum Failure {

    /** No answer in time: the round trip's wait or the check's deadline. */
    TIMEOUT("TimeoutError"),
    /** An answer, but the wrong one (a tickers or quotes check, an echo that differs). */
    WRONG_ANSWER("AssertionError"),
    /** A row the check needs is missing. */
    MISSING("DoesNotExist"),
    /** The database answered with an error (e.g. the schema is not migrated). */
    QUERY("ProgrammingError"),
    /** PostgreSQL or RabbitMQ cannot be reached: connection refused, reset, or no pooled connection in time. */
    UNREACHABLE("OperationalError"),
    /** Too many checks already running against a hung service. */
    BUSY("Busy"),
    INTERRUPTED("Interrupted"),
    UNEXPECTED("Error");

    private final String word;

    Failure(String word) {
        this.word = word;
    }

    String word() {
        return word;
    }

    /** Sorts an exception by what it means for the check, whatever library threw it. */
    static Failure of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || t instanceof QueryTimeoutException) {
                return TIMEOUT;
            }
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessResourceException
                    || t instanceof AmqpConnectException || t instanceof AmqpIOException
                    || t instanceof java.net.ConnectException) {
                return UNREACHABLE;
            }
            if (t instanceof DataAccessException) {
                return QUERY;
            }
        }
        return UNEXPECTED;
    }
}
