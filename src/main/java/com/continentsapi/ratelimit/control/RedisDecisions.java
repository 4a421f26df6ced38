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
import com.continentsapi.ratelimit.redis.RedisNodes;
import com.continentsapi.ratelimit.redis.ScriptError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The limiter's side facing Redis: decisions go out as EVALSHAs, shared with concurrent ones
 * ({@link DecisionBatches}), unless the circuit breaker skips Redis; without an answer the fail mode decides
 * (open, closed, or this instance alone: local). Each node (the one Redis, or on a Cluster each master, as Jedis's
 * slot map names it) has its own breaker, lanes and outage log ({@link RedisNode}): a shard that stops answering
 * puts its own callers in the fail mode, not everybody. A decision waits for a lane at most REDIS_TIMEOUT_MS from
 * when it was queued, then for its round trip at most REDIS_TIMEOUT_MS: at most 2 x REDIS_TIMEOUT_MS in all; on a
 * silent node about one, as the decisions queued behind a round trip that timed out get the fail mode at once.
 * A script error is a bug for those arguments, not an outage: logged once per set of policies, answered by the
 * fail mode, not counted by the breaker.
 */
final class RedisDecisions {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class.getName());

    private final Supplier<UnifiedJedis> client;
    private final RateLimitSettings settings;
    private final RedisSettings redisSettings;
    private final LimiterMetrics metrics;
    private final LongSupplier nanoClock;
    private final DecisionScript script = new DecisionScript();
    private final Map<Object, RedisNode> nodes = new ConcurrentHashMap<>();
    private final Set<String> scriptErrorsLogged = ConcurrentHashMap.newKeySet();
    /** For commands other than decisions. */
    private final Outage outage;
    /** Fail mode local only. */
    private final LocalFallback local;
    private volatile UnifiedJedis redis;
    /** The node of a key; every key is the one Redis's until the client is made. */
    private volatile Function<String, Object> nodeOf = key -> RedisNodes.THE_REDIS;

    RedisDecisions(Supplier<UnifiedJedis> client, RateLimitSettings settings, RedisSettings redisSettings,
                   LimiterMetrics metrics, LongSupplier nanoClock) {
        this.client = client;
        this.settings = settings;
        this.redisSettings = redisSettings;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
        outage = new Outage(LOG, "Redis", meanwhile(settings));
        local = settings.failMode() == FailMode.LOCAL
                ? new LocalFallback(settings.localInstances(), settings.localSize(), LocalLimits.WALL_CLOCK_MICROS) : null;
        metrics.watch(() -> nodes.values().stream().anyMatch(node -> node.breaker.state() != CircuitBreaker.State.CLOSED));
    }

    /** One EVALSHA, unless the breaker of the keys' node skips Redis; without an answer, what the fail mode says. */
    Outcome decide(List<String> keys, Applied applied) {
        RedisNode node = node(keys.getFirst());
        if (node.breaker.allowsCall()) {
            try {
                List<Decision> decisions = node.batches.decide(keys, applied.policies(), applied.cost());
                if (local != null) {
                    local.redisAnswered(keys);
                }
                return new Outcome.Decided(applied, new Verdict(applied.policies(), decisions), settings.enforced());
            } catch (ScriptError e) {
                if (scriptErrorsLogged.add(applied.policies().toString())) {
                    LOG.log(Level.SEVERE, "The decision script fails for the policies " + applied.policies()
                            + " (a bug for these arguments, not an outage: the fail mode answers): " + e.getMessage(), e);
                }
            } catch (JedisException e) {
                // already counted, once per round trip, by the node
            }
        }
        metrics.undecided(settings.failMode());
        if (local != null) {
            return local.decide(keys, applied, settings.enforced());
        }
        return new Outcome.Undecided(applied, settings.failClosed(), Math.max(1, Math.ceilDiv(node.breaker.millisUntilTrial(), 1000)));
    }

    private RedisNode node(String key) {
        Object name = nodeOf.apply(key);
        RedisNode node = nodes.get(name);
        return node != null ? node : nodes.computeIfAbsent(name, this::newNode);
    }

    private RedisNode newNode(Object name) {
        String dependency = name == RedisNodes.THE_REDIS ? "Redis" : "Redis node " + name;
        return new RedisNode(new CircuitBreaker(settings.breakerFailures(), settings.breakerCoolDownMillis(), nanoClock),
                new Outage(LOG, dependency, meanwhile(settings)), metrics,
                roundTrips -> new DecisionBatches(script, this::redis, redisSettings.pipelineLimit(), redisSettings.pipelineLanes(),
                        Duration.ofMillis(redisSettings.timeoutMillis()), System::nanoTime, roundTrips));
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
            nodeOf = RedisNodes.of(current);
            redis = current;
        }
        return current;
    }
}
