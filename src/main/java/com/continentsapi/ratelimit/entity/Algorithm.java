package com.continentsapi.ratelimit.entity;

import java.util.Arrays;
import java.util.List;
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
    },
    SLIDING_WINDOW("sliding-window") {
        @Override
        public List<Long> arguments(Policy policy) {
            return List.of(policy.limit(), policy.windowSeconds());
        }
    },
    /** Holds {@code burst} tokens and refills {@code limit} of them per window. */
    TOKEN_BUCKET("token-bucket") {
        @Override
        public List<Long> arguments(Policy policy) {
            return List.of(policy.burst(), policy.limit(), policy.windowSeconds());
        }
    },
    /** redis-cell's CL.THROTTLE arguments: max_burst (burst - 1), count_per_period, period. */
    GCRA("gcra") {
        @Override
        public List<Long> arguments(Policy policy) {
            return List.of(policy.burst() - 1, policy.limit(), policy.windowSeconds());
        }
    };

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

    public static Algorithm named(String id) {
        return Arrays.stream(values())
                .filter(algorithm -> algorithm.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown rate limit algorithm '" + id + "'; use one of "
                        + Arrays.stream(values()).map(Algorithm::id).collect(Collectors.joining(", "))));
    }
}
