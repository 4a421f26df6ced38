package com.continentsapi.ratelimit.local;

import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.ratelimit.local.LocalAlgorithms.Step;
import com.continentsapi.ratelimit.local.LocalAlgorithms.Stored;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Limits kept in this instance's memory as Redis keeps them: {@link #decide} answers as {@link DecisionScript} does,
 * one decision per limit, consumed from every limit or, if one denies, from none (decide.lua's rule), under one
 * lock, as Redis runs one script at a time: a decision's keys are taken or given back together, and the lock is held
 * for microseconds while only this instance decides. Time is the wall clock in us, as Redis's TIME. Bounded (Caffeine):
 * a counter goes when its key would expire in Redis, and at most {@code capacity} are kept; when full, W-TinyLFU
 * chooses which goes, so a flood of new callers does not make a caller who keeps coming start afresh.
 */
public final class LocalLimits {

    public static final LongSupplier WALL_CLOCK_MICROS = () -> {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    };

    private final LongSupplier micros;
    private final Cache<String, Stored> stored;
    /**
     * The time of the operation under way, in ns, which is Caffeine's clock: it expires counters as of the instant the
     * operation read, as a script reads TIME once. Read and written under the lock only (maintenance runs on the
     * caller's thread).
     */
    private long operationNanos;
    /** Whether any counter is held; written under the lock only, after every change, so it never says no while one is. */
    private volatile boolean holding;

    public LocalLimits(int capacity, LongSupplier micros) {
        if (capacity < 1) {
            throw new IllegalArgumentException("Local limits need room for at least one counter, got " + capacity);
        }
        this.micros = micros;
        this.stored = Caffeine.newBuilder()
                .maximumSize(capacity)
                // A counter expires at the first ms its key would no longer exist in Redis: nowMillis > lastMillis.
                .expireAfter(Expiry.writing((String key, Stored value) ->
                        Duration.ofNanos(Math.max(0, (value.lastMillis() + 1) * 1_000_000 - operationNanos))))
                .ticker(() -> operationNanos)
                .executor(Runnable::run)
                .build();
    }

    /** One decision per limit, in the order of {@code keys} (distinct); the request is allowed if none is limited. */
    public synchronized List<Decision> decide(List<String> keys, List<Policy> policies, long cost) {
        if (keys.isEmpty() || keys.size() != policies.size()) {
            throw new IllegalArgumentException("One key per policy, at least one: got " + keys.size() + " keys for " + policies.size() + " policies");
        }
        if (cost < 0) {
            throw new IllegalArgumentException("A request costs 0 (a peek) or more, got " + cost);
        }
        long now = now();
        long nowMillis = Math.floorDiv(now, 1000);
        List<Step> steps = new ArrayList<>(keys.size());
        boolean denied = false;
        for (int i = 0; i < keys.size(); i++) {
            Step step = LocalAlgorithms.step(policies.get(i), live(keys.get(i), nowMillis), now, cost);
            steps.add(step);
            denied |= step.reply().limited();
        }
        List<Decision> replies = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            Step step = steps.get(i);
            if (denied && !step.reply().limited() && cost > 0) {
                replies.add(LocalAlgorithms.step(policies.get(i), live(keys.get(i), nowMillis), now, 0).reply());
                continue;
            }
            if (!denied && step.commit() != null) {
                stored.put(keys.get(i), step.commit());
            }
            replies.add(step.reply());
        }
        holding = !stored.asMap().isEmpty();
        return replies;
    }

    /**
     * fixed-window-give-back.lua: one unit back to a fixed-window counter that is still the window which replied
     * {@code resetMillis} when it took the unit; a counter given back its last unit goes.
     */
    public synchronized void giveBack(String key, long resetMillis) {
        long nowMillis = Math.floorDiv(now(), 1000);
        Stored value = live(key, nowMillis);
        if (value == null || value.lastMillis() - nowMillis + 1 > resetMillis) {
            return;
        }
        long used = value.values().getFirst();
        if (used > 1) {
            stored.put(key, new Stored(List.of(used - 1), value.lastMillis()));
        } else if (used == 1) {
            stored.invalidate(key);
        }
    }

    /** What a key holds now, if anything. */
    public synchronized Optional<Stored> state(String key) {
        return Optional.ofNullable(live(key, Math.floorDiv(now(), 1000)));
    }

    /** The keys held. */
    public synchronized Set<String> keys() {
        now();
        return Set.copyOf(stored.asMap().keySet());
    }

    /** The counters held (counted one by one: Caffeine's estimate may still hold expired ones). */
    synchronized int size() {
        now();
        return (int) stored.asMap().keySet().stream().count();
    }

    /** Drops these keys' counters. */
    synchronized void forget(List<String> keys) {
        now();
        stored.invalidateAll(keys);
        holding = !stored.asMap().isEmpty();
    }

    /** Whether any counter may be held, without taking the lock. */
    boolean holding() {
        return holding;
    }

    private long now() {
        long now = micros.getAsLong();
        operationNanos = now * 1000;
        return now;
    }

    private Stored live(String key, long nowMillis) {
        Stored value = stored.getIfPresent(key);
        if (value != null && nowMillis > value.lastMillis()) {
            stored.invalidate(key);
            return null;
        }
        return value;
    }
}
