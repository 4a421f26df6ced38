package com.continentsapi.ratelimit.control;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.continentsapi.configuration.ConfiguredSettings;
import com.continentsapi.ratelimit.entity.Outcome;
import com.continentsapi.ratelimit.entity.Verdict;
import com.continentsapi.ratelimit.overrides.Overrides;
import com.continentsapi.ratelimit.redis.RedisSettings;
import com.continentsapi.stack.RedisTopology;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;

/** A {@link RateLimiter} as the app builds it, from settings an operator gives, on a real Redis and a clock of the test's. */
abstract class LimiterSuite {

    static final String TWO_POLICIES = "RATELIMIT_POLICIES=hourly;RATELIMIT_POLICY_HOURLY_ALGORITHM=sliding-window;"
            + "RATELIMIT_POLICY_HOURLY_LIMIT=100;RATELIMIT_POLICY_HOURLY_WINDOW=3600;RATELIMIT_DEFAULT_POLICIES=default,hourly";

    /** The breaker's and the denial cache's clock; Redis keeps its own. */
    long now = 1_000_000_000L;
    final String caller = "alice-" + UUID.randomUUID();

    RateLimiter limiter(RedisTopology topology, String settings) {
        return limiter(topology::sharedClient, settings);
    }

    RateLimiter limiter(Supplier<UnifiedJedis> redis, String settings) {
        RateLimiter limiter = new RateLimiter();
        limiter.settings = RateLimitSettings.read(ConfiguredSettings.of(RateLimitSettings.PREFIX, env(settings)));
        limiter.redisSettings = RedisSettings.read(ConfiguredSettings.of(RedisSettings.PREFIX, env(settings)));
        limiter.redisClient = redis::get;
        limiter.metrics = new LimiterMetrics();
        limiter.overrides = new Overrides();
        limiter.nanoClock = () -> now;
        limiter.init();
        return limiter;
    }

    static Map<String, String> env(String settings) {
        Map<String, String> env = new HashMap<>();
        for (String assignment : settings.split(";")) {
            if (!assignment.isBlank()) {
                String[] nameAndValue = assignment.split("=", 2);
                env.put(nameAndValue[0].strip(), nameAndValue[1]);
            }
        }
        return env;
    }

    static Outcome.Decided decided(Outcome outcome) {
        return assertInstanceOf(Outcome.Decided.class, outcome);
    }

    Outcome get(RateLimiter limiter, String path) {
        return limiter.decide(caller, null, "GET", path);
    }

    static long remaining(Verdict verdict, String policy) {
        for (int i = 0; i < verdict.policies().size(); i++) {
            if (verdict.policies().get(i).name().equals(policy)) {
                return verdict.decisions().get(i).remaining();
            }
        }
        throw new AssertionError("no policy " + policy + " in " + verdict);
    }
}
