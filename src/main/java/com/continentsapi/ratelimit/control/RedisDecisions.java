package com.continentsapi.ratelimit.control;

import com.continentsapi.problems.Outage;
import com.continentsapi.ratelimit.control.RateLimitSettings.FailMode;
import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Outcome;
import com.continentsapi.ratelimit.entity.Rules.Applied;
import com.continentsapi.ratelimit.entity.Verdict;
import com.continentsapi.ratelimit.local.LocalFallback;
import com.continentsapi.ratelimit.local.LocalLimits;
import com.continentsapi.ratelimit.redis.CircuitBreaker;
import com.continentsapi.ratelimit.redis.DecisionBatches;
import com.continentsapi.ratelimit.redis.DecisionScript;
import com.continentsapi.ratelimit.redis.RedisSettings;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The limiter's side facing Redis: decisions go out as EVALSHAs, shared with concurrent ones
 * ({@link DecisionBatches}), unless the circuit breaker skips Redis; without an answer the fail mode decides
 * (open, closed, or this instance alone: local). The breaker, the metrics and the outage log count round trips.
 */
final class RedisDecisions implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class.getName());

    private final Supplier<UnifiedJedis> client;
    private final RateLimitSettings settings;
    private final LimiterMetrics metrics;
    private final CircuitBreaker breaker;
    private final Outage outage;
    private final DecisionBatches batches;
    /** Fail mode local only. */
    private final LocalFallback local;
    private volatile UnifiedJedis redis;

    RedisDecisions(Supplier<UnifiedJedis> client, RateLimitSettings settings, RedisSettings redisSettings,
                   LimiterMetrics metrics, LongSupplier nanoClock) {
        this.client = client;
        this.settings = settings;
        this.metrics = metrics;
        breaker = new CircuitBreaker(settings.breakerFailures(), settings.breakerCoolDownMillis(), nanoClock);
        outage = new Outage(LOG, "Redis", meanwhile(settings));
        local = settings.failMode() == FailMode.LOCAL
                ? new LocalFallback(settings.localInstances(), settings.localSize(), LocalLimits.WALL_CLOCK_MICROS) : null;
        batches = new DecisionBatches(new DecisionScript(), this::redis, redisSettings.pipelineLimit(), redisSettings.pipelineLanes(),
                new RoundTrips());
        metrics.watch(breaker);
    }

    /** One EVALSHA, unless the breaker skips Redis; without an answer, what the fail mode says. */
    Outcome decide(List<String> keys, Applied applied) {
        if (breaker.allowsCall()) {
            try {
                List<Decision> decisions = batches.decide(keys, applied.policies(), applied.cost());
                return new Outcome.Decided(applied, new Verdict(applied.policies(), decisions), settings.enforced());
            } catch (JedisException e) {
                // already counted, once per round trip, by RoundTrips
            }
        }
        metrics.undecided(settings.failMode());
        if (local != null) {
            return local.decide(keys, applied, settings.enforced());
        }
        return new Outcome.Undecided(applied, settings.failClosed(), Math.max(1, Math.ceilDiv(breaker.millisUntilTrial(), 1000)));
    }

    /** Gives back what this instance decided alone (fail mode local) to have taken under these fixed-window keys. */
    void giveBackLocally(List<String> keys, Verdict taken) {
        if (local != null) {
            local.giveBack(keys, taken);
        }
    }

    /** Runs other commands (a reset, a change notice); false, and logged once per outage, when Redis fails. */
    boolean run(Consumer<UnifiedJedis> commands) {
        try {
            commands.accept(redis());
            return true;
        } catch (JedisException e) {
            outage.failed(e);
            return false;
        }
    }

    static String meanwhile(RateLimitSettings settings) {
        return switch (settings.failMode()) {
            case OPEN -> "requests pass without a rate limit";
            case CLOSED -> "requests are refused (503)";
            case LOCAL -> "each instance enforces the limits on its own, each limit divided by " + settings.localInstances();
        };
    }

    /**
     * Got at the first decision, not at deployment: a Sentinel or Cluster client asks its servers for the
     * topology when it is built, and the app must start (and fail open) while they are down.
     */
    private UnifiedJedis redis() {
        UnifiedJedis current = redis;
        if (current == null) {
            current = client.get();
            redis = current;
        }
        return current;
    }

    @Override
    public void close() {
        batches.close();
    }

    private final class RoundTrips implements DecisionBatches.RoundTrips {

        @Override
        public void answered(int decisions, long nanos) {
            metrics.redisCall(nanos, decisions);
            breaker.succeeded();
            outage.answered();
            if (local != null) {
                local.redisAnswered();
            }
        }

        @Override
        public void failed(JedisException cause) {
            breaker.failed();
            outage.failed(cause);
        }
    }
}
