package dev.stockpicker.task;

import java.util.Optional;

/**
 * One update per symbol at a time across all workers: a Redis key set with NX, an expiry and an owner token, released
 * only by its owner (so an expired lock taken over by another worker is never deleted by the first).
 */
public interface TickerLocks {

    /** The lock when it was free, empty when another worker holds it. */
    Optional<Lock> tryLock(String symbol);

    interface Lock extends AutoCloseable {
        /** Releases the lock if this owner still holds it. */
        @Override
        void close();
    }
}
