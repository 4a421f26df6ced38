package com.continentsapi.ratelimit.overrides;

import java.util.function.Consumer;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;

/** {@link LimitChanges} wired as CDI wires it, for a limiter test without CDI: changes go straight to the limiter. */
public final class WiredLimitChanges {

    private WiredLimitChanges() {
    }

    public static LimitChanges of(Supplier<UnifiedJedis> redis, Overrides overrides, Consumer<LimitsChanged> limiter) {
        LimitChanges changes = new LimitChanges();
        changes.redisClient = redis::get;
        changes.overrides = overrides;
        changes.tell = limiter;
        return changes;
    }
}
