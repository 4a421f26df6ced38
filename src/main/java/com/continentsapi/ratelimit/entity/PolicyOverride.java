package com.continentsapi.ratelimit.entity;

/**
 * An operator's limit for one user under one policy, in place of the policy's own: {@code window} and
 * {@code burst} keep the policy's when null (a burst then follows the limit, as in configuration), and
 * {@code expiresAt} (milliseconds since the epoch) ends a temporary raise; null never.
 */
public record PolicyOverride(String policy, long limit, Long window, Long burst, Long expiresAt) {

    /** The largest limit or burst, as of any policy; each algorithm bounds them further (Algorithm#outOfBounds). */
    public static final long MAX_UNITS = Policy.MAX_UNITS;
    /** The longest window or TTL: a year. */
    public static final long MAX_SECONDS = Policy.MAX_SECONDS;

    public PolicyOverride {
        within("limit", limit, MAX_UNITS);
        if (window != null) {
            within("window", window, MAX_SECONDS);
        }
        if (burst != null) {
            within("burst", burst, MAX_UNITS);
        }
    }

    private static void within(String field, long value, long max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException("An override's " + field + " is 1 to " + max + ", got " + value);
        }
    }

    /**
     * The policy this user is counted by: same name, so the same counter in Redis. Its algorithm may not compute it
     * ({@link Policy#outOfBounds}): the policy's window or algorithm may have changed since the override was set.
     */
    public Policy applyTo(Policy policy) {
        return new Policy(policy.name(), policy.algorithm(), limit, window == null ? policy.windowSeconds() : window, burst == null ? limit : burst);
    }

    public boolean activeAt(long epochMillis) {
        return expiresAt == null || epochMillis < expiresAt;
    }
}
