package dev.stockpicker.task;

import org.springframework.amqp.AmqpException;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;

import dev.stockpicker.quotes.QuoteSourceException;
import io.lettuce.core.RedisException;

/**
 * A failed attempt's reason as the task status API and the dead letters show it: our own words, never a Java class
 * name, SQL or a path (a driver's message can carry all three). The worker's log keeps the exception itself.
 */
final class FailureReasons {

    private FailureReasons() {
    }

    static String of(Exception e) {
        if (e instanceof PermanentTaskFailure || e instanceof QuoteSourceException) {
            return e.getMessage(); // written by this project for exactly this purpose
        }
        // Before DataAccessException: Spring Data Redis's exceptions are DataAccessExceptions too.
        if (e instanceof RedisConnectionFailureException || e instanceof RedisSystemException
                || e instanceof RedisException) {
            return "Redis was unavailable";
        }
        if (e instanceof DataAccessException) {
            return "the database was unavailable or refused the update";
        }
        if (e instanceof AmqpException) {
            return "the task broker was unavailable";
        }
        if ((e instanceof IllegalStateException || e instanceof IllegalArgumentException) && e.getMessage() != null
                && e.getCause() == null) {
            return e.getMessage(); // thrown with a sentence of ours (handlers), not wrapping a library's failure
        }
        return "unexpected failure (see the worker's log)";
    }
}
