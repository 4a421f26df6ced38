package com.continentsapi.ratelimit.entity;

import java.util.List;

/** One answer of a limiter script: {limited, limit, remaining, retry_after_ms, reset_after_ms}. */
public record Decision(boolean limited, long limit, long remaining, long retryAfterMillis, long resetAfterMillis) {

    public static Decision of(List<?> reply) {
        return new Decision(
                number(reply, 0) == 1,
                number(reply, 1),
                number(reply, 2),
                number(reply, 3),
                number(reply, 4));
    }

    /** Whole seconds, rounded up: a client that waits this long is never early. */
    public long retryAfterSeconds() {
        return ceilSeconds(retryAfterMillis);
    }

    public long resetSeconds() {
        return ceilSeconds(resetAfterMillis);
    }

    /** Whether the request was allowed and left at most this fraction of the limit (0.2: a fifth or less). */
    public boolean nearLimit(double fraction) {
        return !limited && remaining <= fraction * limit;
    }

    private static long ceilSeconds(long millis) {
        return Math.max(0, Math.ceilDiv(millis, 1000));
    }

    private static long number(List<?> reply, int index) {
        return ((Number) reply.get(index)).longValue();
    }
}
