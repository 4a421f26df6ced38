package com.continentsapi.ratelimit.entity;

import java.util.Optional;

/**
 * A named limit: {@code limit} units per {@code windowSeconds}, counted by {@code algorithm}. {@code burst} is
 * how many units may be taken at once by the bucket algorithms (token bucket, GCRA); the windows ignore it.
 */
public record Policy(String name, Algorithm algorithm, long limit, long windowSeconds, long burst) {

    /** The largest limit or burst: far above any real quota. */
    public static final long MAX_UNITS = 1_000_000_000_000L;
    /** The longest window: a year. */
    public static final long MAX_SECONDS = 365L * 24 * 3600;

    public Policy {
        if (name == null || !name.matches("[a-z][a-z0-9_-]{0,31}")) {
            throw new IllegalArgumentException("Rate limit policy name '" + name
                    + "' must be 1-32 lower-case letters, digits, '-' or '_', starting with a letter");
        }
        if (limit < 1 || windowSeconds < 1 || burst < 1) {
            throw new IllegalArgumentException("Rate limit policy '" + name + "' needs a limit, a window and a burst of at least 1, got limit="
                    + limit + ", window=" + windowSeconds + "s, burst=" + burst);
        }
    }

    /** A fixed window, the foundation's policy. */
    public Policy(String name, long limit, long windowSeconds) {
        this(name, Algorithm.FIXED_WINDOW, limit, windowSeconds, limit);
    }

    /** Why the policy's algorithm cannot compute it, if it cannot: {@link Algorithm#outOfBounds}. */
    public Optional<String> outOfBounds() {
        return algorithm.outOfBounds(limit, windowSeconds, burst);
    }

    /** This policy, if its algorithm can compute it; otherwise an IllegalArgumentException that names the bound. */
    public Policy withinBounds() {
        outOfBounds().ifPresent(bound -> {
            throw new IllegalArgumentException(bound);
        });
        return this;
    }

    /** The most units one request can take: a costlier request could never be allowed. */
    public long capacity() {
        return algorithm == Algorithm.TOKEN_BUCKET || algorithm == Algorithm.GCRA ? burst : limit;
    }
}
