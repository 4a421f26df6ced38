package com.continentsapi.ratelimit.entity;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a policy counts, one Lua file each under {@code ratelimit/}. Each file defines one function,
 * named like the file, which the combined decision script calls; {@link #arguments(Policy)} are that
 * function's (and the file's own ARGV's) parameters after the key, in the file's order.
 */
public enum Algorithm {

    FIXED_WINDOW("fixed-window") {
        @Override
        public List<Long> arguments(Policy policy) {
            return List.of(policy.limit(), policy.windowSeconds());
        }

        @Override
        Optional<String> bound(long limit, long windowSeconds, long burst) {
            return Optional.empty();
        }
    },
    SLIDING_WINDOW("sliding-window") {
        @Override
        public List<Long> arguments(Policy policy) {
            return List.of(policy.limit(), policy.windowSeconds());
        }

        /** It weighs units by ms: limit × window_ms, three such terms at once. */
        @Override
        Optional<String> bound(long limit, long windowSeconds, long burst) {
            return limit > MAX_UNIT_SECONDS / windowSeconds
                    ? Optional.of("limit × window must be at most " + MAX_UNIT_SECONDS + " for sliding-window (it counts units × ms)")
                    : Optional.empty();
        }
    },
    /** Holds {@code burst} tokens and refills {@code limit} of them per window. */
    TOKEN_BUCKET("token-bucket") {
        @Override
        public List<Long> arguments(Policy policy) {
            return List.of(policy.burst(), policy.limit(), policy.windowSeconds());
        }

        /** Its level is tokens × window_ms; a bucket's key lives until it is full again. */
        @Override
        Optional<String> bound(long limit, long windowSeconds, long burst) {
            if (burst > MAX_UNIT_SECONDS / windowSeconds) {
                return Optional.of("burst × window must be at most " + MAX_UNIT_SECONDS + " for token-bucket (it counts tokens × ms)");
            }
            return Math.ceilDiv(burst * windowSeconds * 1000, limit) > Policy.MAX_SECONDS * 1000
                    ? Optional.of(REFILL.formatted(id()))
                    : Optional.empty();
        }
    },
    /** redis-cell's CL.THROTTLE arguments: max_burst (burst - 1), count_per_period, period. */
    GCRA("gcra") {
        @Override
        public List<Long> arguments(Policy policy) {
            return List.of(policy.burst() - 1, policy.limit(), policy.windowSeconds());
        }

        /** gcra.lua's emission interval (window_us / limit, truncated) and delay variation tolerance (interval × burst), as it computes them. */
        @Override
        Optional<String> bound(long limit, long windowSeconds, long burst) {
            if (limit > windowSeconds * 1000) {
                return Optional.of("limit must be at most window × 1000 for gcra (an emission interval of at least 1 ms)");
            }
            long emissionIntervalMicros = windowSeconds * 1_000_000 / limit;
            return burst > Policy.MAX_SECONDS * 1_000_000 / emissionIntervalMicros
                    ? Optional.of(REFILL.formatted(id()))
                    : Optional.empty();
        }
    };

    /**
     * The largest product of units and seconds the windows and the token bucket take. They compute in units × ms,
     * exactly: the scripts in Lua numbers (doubles, whole numbers exact below 2^53) and LocalAlgorithms in longs. This
     * keeps that product below 2^51, so that the sums of up to three such terms stay exact.
     */
    static final long MAX_UNIT_SECONDS = (1L << 51) / 1000;

    /**
     * A used-up burst comes back within a year, as a window does: the bucket algorithms' keys live that long at
     * most, and gcra.lua's times stay far below 2^53 us. Fail mode local's shares, rounded up, stay within twice that.
     */
    private static final String REFILL = "burst × window / limit must be at most " + Policy.MAX_SECONDS
            + " for %s (a used-up burst comes back within a year)";

    private final String id;

    Algorithm(String id) {
        this.id = id;
    }

    /** The name used in configuration and as the script's file name. */
    public String id() {
        return id;
    }

    public String script() {
        return "ratelimit/" + id + ".lua";
    }

    /** The Lua function the script defines: its file name with underscores. */
    public String function() {
        return id.replace('-', '_');
    }

    public abstract List<Long> arguments(Policy policy);

    /**
     * Why this algorithm cannot count {@code limit} units per {@code windowSeconds} with this {@code burst}, if it
     * cannot: the bound they pass, in the words of the settings and of an override. The one rule for configured
     * policies and overrides alike.
     */
    public Optional<String> outOfBounds(long limit, long windowSeconds, long burst) {
        Optional<String> bound;
        if (limit < 1 || limit > Policy.MAX_UNITS) {
            bound = Optional.of("limit must be 1 to " + Policy.MAX_UNITS);
        } else if (windowSeconds < 1 || windowSeconds > Policy.MAX_SECONDS) {
            bound = Optional.of("window must be 1 to " + Policy.MAX_SECONDS + " s");
        } else if (burst < 1 || burst > Policy.MAX_UNITS) {
            bound = Optional.of("burst must be 1 to " + Policy.MAX_UNITS);
        } else {
            bound = bound(limit, windowSeconds, burst);
        }
        return bound.map(why -> why + "; got limit " + limit + ", window " + windowSeconds + " s, burst " + burst);
    }

    /** This algorithm's own bound, for values within the common maxima; empty when it computes them exactly. */
    abstract Optional<String> bound(long limit, long windowSeconds, long burst);

    public static Algorithm named(String id) {
        return Arrays.stream(values())
                .filter(algorithm -> algorithm.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown rate limit algorithm '" + id + "'; use one of "
                        + Arrays.stream(values()).map(Algorithm::id).collect(Collectors.joining(", "))));
    }
}
