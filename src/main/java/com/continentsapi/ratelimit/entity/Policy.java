package com.continentsapi.ratelimit.entity;

/** At most {@code limit} requests per {@code windowSeconds}, in a window that starts at a caller's first request. */
public record Policy(String name, long limit, long windowSeconds) {

    public Policy {
        if (limit < 1 || windowSeconds < 1) {
            throw new IllegalArgumentException(
                    "Rate limit policy '" + name + "' needs a limit and a window of at least 1, got limit="
                            + limit + ", window=" + windowSeconds + "s");
        }
    }

    /** The policy as an IETF RateLimit-Policy item: {@code "default";q=5;w=60}. */
    public String header() {
        return "\"" + name + "\";q=" + limit + ";w=" + windowSeconds;
    }
}
