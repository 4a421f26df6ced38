package com.continentsapi.ratelimit.control;

import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.ratelimit.entity.Verdict;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Denials this instance has seen, so that a caller hammering a denied key is answered without a Redis call
 * until Redis said it may try again. Safe because no algorithm lets a request through earlier than its
 * retry-after for the same or a larger cost; only an administrator's reset or override can end a denial sooner,
 * and it clears the user's entries on every instance (RateLimiter.reset, LimitChanges).
 * A change can reach this instance while a decision is in flight: the decision reads the {@link #generation()}
 * before it starts, and its denial only counts if no change of its key (or of everybody's) came after that read.
 * Bounded by Caffeine: each denial expires at its Retry-After; when full, a new denial is still cached and W-TinyLFU
 * decides which goes, so a flood of one-off denials does not evict those a caller keeps hitting.
 */
public final class DenialCache {

    private record Denial(long untilNanos, long cost, long generation) {
    }

    private final int capacity;
    private final LongSupplier nanoTime;
    /** Null when switched off (capacity 0). */
    private final Cache<String, Denial> denials;
    private final AtomicLong changes = new AtomicLong();
    /** The generation of each key's last change since everybody's last one. */
    private final Map<String, Long> changedAt = new ConcurrentHashMap<>();
    private volatile long everybodyChangedAt;

    public DenialCache(int capacity, LongSupplier nanoTime) {
        this.capacity = capacity;
        this.nanoTime = nanoTime;
        // Maintenance on the caller's thread: no work handed to the common pool inside the server, and tests are deterministic.
        this.denials = capacity <= 0 ? null : Caffeine.newBuilder()
                .maximumSize(capacity)
                .expireAfter(Expiry.writing((String key, Denial denial) ->
                        Duration.ofNanos(Math.max(0, denial.untilNanos - nanoTime.getAsLong()))))
                .ticker(nanoTime::getAsLong)
                .executor(Runnable::run)
                .build();
    }

    /** To be read before a decision starts, and handed with its denial to {@link #deny} or {@link #remember}. */
    public long generation() {
        return changes.get();
    }

    public void deny(String key, long cost, long retryAfterMillis, long generation) {
        if (capacity <= 0 || cost <= 0 || retryAfterMillis <= 0 || !current(key, generation)) {
            return;
        }
        denials.put(key, new Denial(nanoTime.getAsLong() + TimeUnit.MILLISECONDS.toNanos(retryAfterMillis), cost, generation));
    }

    /** Whether nothing changed for this key since a decision read this generation. */
    private boolean current(String key, long generation) {
        return generation >= everybodyChangedAt && generation >= changedAt.getOrDefault(key, 0L);
    }

    /** Milliseconds this key stays denied for a request of this cost, if it is known to be denied. */
    public Optional<Long> deniedFor(String key, long cost) {
        Denial denial = capacity <= 0 || cost <= 0 ? null : denials.getIfPresent(key);
        if (denial == null || cost < denial.cost) {
            return Optional.empty();
        }
        long left = denial.untilNanos - nanoTime.getAsLong();
        if (left <= 0 || !current(key, denial.generation)) {
            denials.asMap().remove(key, denial);
            return Optional.empty();
        }
        return Optional.of(Math.ceilDiv(left, 1_000_000L));
    }

    /** A denial of the first of these keys known to be denied for this cost, answered without Redis. */
    public Optional<Verdict> verdict(List<String> keys, List<Policy> policies, long cost) {
        for (int i = 0; i < keys.size(); i++) {
            Optional<Long> millis = deniedFor(keys.get(i), cost);
            if (millis.isPresent()) {
                Policy policy = policies.get(i);
                return Optional.of(new Verdict(List.of(policy), List.of(new Decision(true, policy.limit(), 0, millis.get(), millis.get()))));
            }
        }
        return Optional.empty();
    }

    /** Remembers each key that Redis denied, until its Retry-After, unless it changed since {@code generation}. */
    public void remember(List<String> keys, long cost, Verdict verdict, long generation) {
        for (int i = 0; i < keys.size(); i++) {
            Decision decision = verdict.decisions().get(i);
            if (decision.limited()) {
                deny(keys.get(i), cost, decision.retryAfterMillis(), generation);
            }
        }
    }

    /** This key's limits changed: its denial, and any decided before now and remembered later, no longer holds. */
    public synchronized void forget(String key) {
        if (changedAt.size() >= Math.max(capacity, 1)) {
            clear(); // bounded: a change for everybody is the same change, for more keys
            return;
        }
        changedAt.put(key, changes.incrementAndGet());
        if (denials != null) {
            denials.invalidate(key);
        }
    }

    /** Everybody's limits may have changed. */
    public synchronized void clear() {
        everybodyChangedAt = changes.incrementAndGet();
        changedAt.clear();
        if (denials != null) {
            denials.invalidateAll();
        }
    }

    /** The unexpired denials held (counted one by one: Caffeine's estimate may still hold expired ones). */
    public int size() {
        return denials == null ? 0 : (int) denials.asMap().keySet().stream().count();
    }
}
