package com.continentsapi.ratelimit.overrides;

/**
 * A user's limits changed on some instance ({@code user}), or anybody's may have while changes could not be heard
 * ({@link #EVERYBODY}): what an instance derived from them, such as its cached denials, is stale.
 */
public record LimitsChanged(String user) {

    public static final LimitsChanged EVERYBODY = new LimitsChanged(null);

    public boolean everybody() {
        return user == null;
    }
}
