package dev.stockpicker.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Values kept until the data they were computed from changes, within a byte budget. One computation per key at a
 * time (the others wait for it, so a change under load costs one query, not one per waiting request). An
 * invalidation wins over a computation that was running when it came: that value is returned to its caller but
 * not kept, since it may have read the data before the change. Over the budget, the least recently read values go;
 * a value larger than the whole budget is never kept. Keys stay (a few dozen bytes each, one per ticker id seen).
 */
final class AnswerCache<K, V> {

    /** Reads closer together than this do not rewrite a value's last-read time (hot keys, many threads). */
    private static final long TOUCH_NANOS = 1_000_000;

    private final long maxBytes;
    private final ToLongFunction<V> weigher;
    private final ConcurrentHashMap<K, Slot<V>> slots = new ConcurrentHashMap<>();
    private long bytes; // guarded by this

    AnswerCache(long maxBytes, ToLongFunction<V> weigher) {
        this.maxBytes = maxBytes;
        this.weigher = weigher;
    }

    V get(K key, Supplier<V> compute) {
        Slot<V> slot = slots.computeIfAbsent(key, k -> new Slot<>());
        V value = slot.read();
        if (value != null) {
            return value;
        }
        slot.computing.lock();
        try {
            value = slot.read();
            if (value != null) {
                return value;
            }
            long version = slot.version;
            value = compute.get();
            keep(slot, version, value);
            return value;
        }
        finally {
            slot.computing.unlock();
        }
    }

    synchronized void invalidate(K key) {
        Slot<V> slot = slots.get(key);
        if (slot != null) {
            drop(slot);
        }
    }

    synchronized void invalidateAll() {
        slots.values().forEach(this::drop);
    }

    synchronized long bytes() {
        return bytes;
    }

    private synchronized void keep(Slot<V> slot, long version, V value) {
        long size = weigher.applyAsLong(value);
        if (slot.version != version || size > maxBytes) {
            return;
        }
        slot.value = value;
        slot.size = size;
        slot.lastRead = System.nanoTime();
        bytes += size;
        if (bytes > maxBytes) {
            evictFor(slot);
        }
    }

    private void evictFor(Slot<V> kept) {
        List<Slot<V>> held = new ArrayList<>();
        for (Slot<V> slot : slots.values()) {
            if (slot != kept && slot.value != null) {
                held.add(slot);
            }
        }
        held.sort(Comparator.comparingLong(s -> s.lastRead));
        for (int i = 0; i < held.size() && bytes > maxBytes; i++) {
            drop(held.get(i));
        }
    }

    private void drop(Slot<V> slot) {
        slot.version++;
        if (slot.value != null) {
            bytes -= slot.size;
            slot.value = null;
            slot.size = 0;
        }
    }

    private static final class Slot<V> {
        final ReentrantLock computing = new ReentrantLock();
        // Written under the cache's monitor; read without it.
        volatile long version;
        volatile V value;
        volatile long lastRead;
        long size;

        V read() {
            V v = value;
            if (v != null) {
                long now = System.nanoTime();
                if (now - lastRead > TOUCH_NANOS) {
                    lastRead = now;
                }
            }
            return v;
        }
    }
}
