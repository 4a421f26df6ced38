package com.continentsapi.ratelimit.overrides;

import com.continentsapi.configuration.ConfiguredSettings;
import com.continentsapi.ratelimit.redis.RedisSettings;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import redis.clients.jedis.UnifiedJedis;

/** {@link LimitChanges} wired as CDI wires it, for a limiter test without CDI: changes go straight to the limiter. */
public final class WiredLimitChanges {

    private WiredLimitChanges() {
    }

    public static LimitChanges of(Supplier<UnifiedJedis> redis, Overrides overrides, Consumer<LimitsChanged> limiter) {
        return of(redis, overrides, null, limiter);
    }

    /** With the record of the overrides, {@code store}; null where there is no database. */
    public static LimitChanges of(Supplier<UnifiedJedis> redis, Overrides overrides, OverrideStore store, Consumer<LimitsChanged> limiter) {
        return of(redis, RedisSettings.read(ConfiguredSettings.of(RedisSettings.PREFIX, Map.of())), overrides, store, limiter);
    }

    /** Pinging its subscription as these settings say (the client's own must say the same). */
    public static LimitChanges of(Supplier<UnifiedJedis> redis, RedisSettings settings, Overrides overrides, OverrideStore store,
                                  Consumer<LimitsChanged> limiter) {
        LimitChanges changes = new LimitChanges();
        changes.redisSettings = settings;
        changes.redisClient = redis::get;
        changes.overrides = overrides;
        changes.store = store;
        changes.tell = limiter;
        return changes;
    }

    public static OverrideStore store(DataSource dataSource) {
        OverrideStore store = new OverrideStore();
        store.dataSource = dataSource;
        return store;
    }
}
