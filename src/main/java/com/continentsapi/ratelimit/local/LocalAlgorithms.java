package com.continentsapi.ratelimit.local;

import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Policy;
import java.util.List;

/**
 * The four algorithm files of {@code src/main/resources/ratelimit/} in Java, statement for statement, for fail mode
 * local: the same parameters ({@code Algorithm.arguments}), the same replies, the same state and the same expiry as
 * each file keeps in its key. {@code AlgorithmContractIT} runs its cases on these and on every Redis, so the two
 * cannot drift apart unnoticed. A function gets what its key holds (null: missing or expired) and returns its
 * reply and what to store if the request goes ahead; it writes nothing itself, as decide.lua commits only when
 * every limit allows. Whole numbers throughout, as the Lua files are exact below 2^53 within the bounds of each
 * algorithm ({@code Algorithm.outOfBounds}). Where a Lua number would only grow past them and still compare the same
 * way (a cost beyond the limit, a long refill), a long would overflow: there each function takes a shortcut to
 * the same answer.
 */
public final class LocalAlgorithms {

    /** What a key holds, the values in the Lua file's order, and the last ms (since the epoch) it exists, as Redis's expiry. */
    public record Stored(List<Long> values, long lastMillis) {
    }

    /** A reply, and what to store when the request is allowed (null: nothing to write). */
    record Step(Decision reply, Stored commit) {
    }

    private LocalAlgorithms() {
    }

    static Step step(Policy policy, Stored stored, long nowMicros, long cost) {
        List<Long> p = policy.algorithm().arguments(policy);
        long nowMillis = Math.floorDiv(nowMicros, 1000);
        return switch (policy.algorithm()) {
            case FIXED_WINDOW -> fixedWindow(stored, nowMillis, cost, p.get(0), p.get(1));
            case SLIDING_WINDOW -> slidingWindow(stored, nowMillis, cost, p.get(0), p.get(1));
            case TOKEN_BUCKET -> tokenBucket(stored, nowMillis, cost, p.get(0), p.get(1), p.get(2));
            case GCRA -> gcra(stored, nowMicros, cost, p.get(0), p.get(1), p.get(2));
        };
    }

    /** fixed-window.lua: the window is the key's life, which the first request sets to window_ms - 1. */
    static Step fixedWindow(Stored stored, long nowMillis, long cost, long limit, long windowSeconds) {
        long windowMs = windowSeconds * 1000;
        long used = stored == null ? 0 : stored.values().getFirst();
        long resetMs = stored == null ? 0 : stored.lastMillis() - nowMillis + 1;
        if (used + cost > limit) {
            return new Step(new Decision(true, limit, Math.max(0, limit - used), cost > limit ? -1 : resetMs, resetMs), null);
        }
        if (cost == 0) {
            return new Step(new Decision(false, limit, limit - used, -1, resetMs), null);
        }
        if (stored == null) {
            return new Step(new Decision(false, limit, limit - cost, -1, windowMs), new Stored(List.of(cost), nowMillis + windowMs - 1));
        }
        return new Step(new Decision(false, limit, limit - used - cost, -1, resetMs), new Stored(List.of(used + cost), stored.lastMillis()));
    }

    /** sliding-window.lua: values window, current, previous. */
    static Step slidingWindow(Stored stored, long nowMillis, long cost, long limit, long windowSeconds) {
        long windowMs = windowSeconds * 1000;
        long index = Math.floorDiv(nowMillis, windowMs);
        long elapsed = nowMillis - index * windowMs;
        long current = 0;
        long previous = 0;
        if (stored != null && stored.values().get(0) == index) {
            current = stored.values().get(1);
            previous = stored.values().get(2);
        } else if (stored != null && stored.values().get(0) == index - 1) {
            previous = stored.values().get(1);
        }
        long weightedPrevious = previous * (windowMs - elapsed);
        if (cost > limit || weightedPrevious + (current + cost) * windowMs > limit * windowMs) {
            long retryMs = -1;
            if (cost <= limit) {
                retryMs = current + cost <= limit
                        ? windowMs - elapsed - Math.floorDiv((limit - current - cost) * windowMs, previous)
                        : windowMs - elapsed + windowMs - Math.floorDiv((limit - cost) * windowMs, current);
            }
            return new Step(new Decision(true, limit, slidingRemaining(limit, windowMs, weightedPrevious, current), retryMs,
                    slidingReset(windowMs, elapsed, previous, current)), null);
        }
        long used = current + cost;
        Stored commit = cost > 0 ? new Stored(List.of(index, used, previous), nowMillis + 2 * windowMs - elapsed) : null;
        return new Step(new Decision(false, limit, slidingRemaining(limit, windowMs, weightedPrevious, used), -1,
                slidingReset(windowMs, elapsed, previous, used)), commit);
    }

    private static long slidingRemaining(long limit, long windowMs, long weightedPrevious, long unitsNow) {
        return Math.max(0, Math.floorDiv(limit * windowMs - weightedPrevious - unitsNow * windowMs, windowMs));
    }

    private static long slidingReset(long windowMs, long elapsed, long previous, long unitsNow) {
        if (unitsNow > 0) {
            return windowMs - elapsed + windowMs;
        }
        return previous > 0 ? windowMs - elapsed : 0;
    }

    /** token-bucket.lua: values level (tokens times refill_period_ms), at (ms of that level). */
    static Step tokenBucket(Stored stored, long nowMillis, long cost, long capacity, long refillCount, long refillPeriodSeconds) {
        long periodMs = refillPeriodSeconds * 1000;
        long full = capacity * periodMs;
        long level = full;
        if (stored != null) {
            level = refilled(stored.values().get(0), Math.max(0, nowMillis - stored.values().get(1)), refillCount, full);
        }
        if (cost > capacity || cost * periodMs > level) {
            long retryMs = cost <= capacity ? Math.ceilDiv(cost * periodMs - level, refillCount) : -1;
            return new Step(new Decision(true, capacity, Math.floorDiv(level, periodMs), retryMs, Math.ceilDiv(full - level, refillCount)), null);
        }
        long left = level - cost * periodMs;
        long resetMs = Math.ceilDiv(full - left, refillCount);
        Stored commit = cost > 0 ? new Stored(List.of(left, nowMillis), nowMillis + resetMs) : null;
        return new Step(new Decision(false, capacity, Math.floorDiv(left, periodMs), -1, resetMs), commit);
    }

    /**
     * {@code min(full, level + elapsed × refillCount)}, as token-bucket.lua, without the product when it could not
     * matter: a level stored under another policy may have waited long for this one's refill, beyond what a long holds.
     */
    private static long refilled(long level, long elapsedMillis, long refillCount, long full) {
        return level >= full || elapsedMillis >= Math.ceilDiv(full - level, refillCount) ? full : level + elapsedMillis * refillCount;
    }

    /** gcra.lua: value the theoretical arrival time in us. */
    static Step gcra(Stored stored, long nowMicros, long quantity, long maxBurst, long countPerPeriod, long periodSeconds) {
        long emissionInterval = countPerPeriod <= 0 ? 0 : periodSeconds * 1_000_000 / countPerPeriod;
        if (emissionInterval <= 0) {
            throw new IllegalArgumentException("gcra: rates of zero or above 1 per microsecond are not supported");
        }
        long limit = maxBurst + 1;
        long dvt = emissionInterval * limit;
        long tat = stored == null ? nowMicros : Math.max(nowMicros, stored.values().getFirst());
        if (quantity > limit) {
            long ttl = tat - nowMicros;
            return new Step(new Decision(true, limit, Math.max(0, Math.floorDiv(dvt - ttl, emissionInterval)), -1, Math.ceilDiv(ttl, 1000)), null);
        }
        long increment = emissionInterval * quantity;
        long newTat = tat + increment;
        long diff = nowMicros - (newTat - dvt);
        boolean limited = diff < 0;
        long retryUs = limited && increment <= dvt ? -diff : -1;
        long ttl = limited ? tat - nowMicros : newTat - nowMicros;
        Decision reply = new Decision(limited, limit, Math.max(0, Math.floorDiv(dvt - ttl, emissionInterval)),
                retryUs < 0 ? -1 : Math.ceilDiv(retryUs, 1000), Math.ceilDiv(ttl, 1000));
        if (limited || quantity == 0) {
            return new Step(reply, null);
        }
        return new Step(reply, new Stored(List.of(newTat), Math.floorDiv(nowMicros, 1000) + Math.ceilDiv(ttl, 1000)));
    }
}
