package com.continentsapi.ratelimit.control;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Denials this instance has seen, so that a caller hammering a denied key is answered without a Redis call
 * until Redis said it may try again. Safe because no algorithm lets a request through earlier than its
 * retry-after for the same or a larger cost; only an administrator's reset can end a denial sooner, and it
 * clears this instance's entries (other instances keep denying until the retry-after they were told).
 * Bounded: when full, expired entries are dropped, and if it is still full nothing new is cached.
 */
public final class DenialCache {

    private record Denial(long untilNanos, long cost) {
    }

    private final int capacity;
    private final LongSupplier nanoTime;
    private final Map<String, Denial> denials = new ConcurrentHashMap<>();

    public DenialCache(int capacity, LongSupplier nanoTime) {
        this.capacity = capacity;
        this.nanoTime = nanoTime;
    }

    public void deny(String key, long cost, long retryAfterMillis) {
        if (capacity <= 0 || cost <= 0 || retryAfterMillis <= 0) {
            return;
        }
        if (denials.size() >= capacity) {
            long now = nanoTime.getAsLong();
            denials.values().removeIf(denial -> denial.untilNanos - now <= 0);
            if (denials.size() >= capacity) {
                return;
            }
        }
        denials.put(key, new Denial(nanoTime.getAsLong() + TimeUnit.MILLISECONDS.toNanos(retryAfterMillis), cost));
    }

    /** Milliseconds this key stays denied for a request of this cost, if it is known to be denied. */
    public Optional<Long> deniedFor(String key, long cost) {
        Denial denial = capacity <= 0 || cost <= 0 ? null : denials.get(key);
        if (denial == null || cost < denial.cost) {
            return Optional.empty();
        }
        long left = denial.untilNanos - nanoTime.getAsLong();
        if (left <= 0) {
            denials.remove(key, denial);
            return Optional.empty();
        }
        return Optional.of(Math.ceilDiv(left, 1_000_000L));
    }

    public void forget(String key) {
        denials.remove(key);
    }

    public int size() {
        return denials.size();
    }
}
