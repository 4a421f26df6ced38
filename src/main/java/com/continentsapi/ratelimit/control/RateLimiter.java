package com.continentsapi.ratelimit.control;

import com.continentsapi.problems.Outage;
import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Outcome;
import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.ratelimit.entity.Rules;
import com.continentsapi.ratelimit.entity.Rules.Applied;
import com.continentsapi.ratelimit.entity.Verdict;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Decides, in one atomic Redis call, whether a caller may make a request under every policy that applies to
 * it. Denials already known are answered from a local cache; a failing Redis is skipped by a circuit breaker
 * and the request passes (fail-mode open) or is refused (closed).
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class.getName());

    /**
     * Got at the first decision, not at deployment: a Sentinel or Cluster client asks its servers for the
     * topology when it is built, and the app must start (and fail open) while they are down.
     */
    @Inject
    Provider<UnifiedJedis> redisClient;

    @Inject
    LimiterMetrics metrics;

    @Inject
    Config config;

    @Inject
    @ConfigProperty(name = "ratelimit.enabled")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "ratelimit.mode")
    String mode;

    @Inject
    @ConfigProperty(name = "ratelimit.fail-mode")
    String failMode;

    @Inject
    @ConfigProperty(name = "ratelimit.breaker.failures")
    int breakerFailures;

    /** Long enough that a dead Redis is asked once per cool-down, short enough to notice its return quickly. */
    @Inject
    @ConfigProperty(name = "ratelimit.breaker.cool-down-ms")
    long breakerCoolDownMillis;

    @Inject
    @ConfigProperty(name = "ratelimit.denial-cache.size")
    int denialCacheSize;

    private final DecisionScript script = new DecisionScript();
    private Rules rules;
    private boolean enforced;
    private boolean failClosed;
    private CircuitBreaker breaker;
    private DenialCache denials;
    private Outage redisOutage;
    private volatile UnifiedJedis redis;

    @PostConstruct
    void init() {
        rules = RulesConfig.read(key -> config.getOptionalValue(key, String.class), config.getPropertyNames());
        enforced = choice("ratelimit.mode", mode, "enforce", "shadow");
        failClosed = !choice("ratelimit.fail-mode", failMode, "open", "closed");
        breaker = new CircuitBreaker(breakerFailures, breakerCoolDownMillis, System::nanoTime);
        denials = new DenialCache(denialCacheSize, System::nanoTime);
        redisOutage = new Outage(LOG, "Redis", failClosed ? "requests are refused (503)" : "requests pass without a rate limit");
        metrics.watch(breaker);
    }

    /** Reads the configuration at deployment, so a wrong value stops the app instead of the first request. */
    void validateAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        LOG.info(() -> enabled
                ? "Rate limits (" + (enforced ? "enforced" : "shadow mode: never blocking") + ", Redis failures "
                        + (failClosed ? "refuse" : "let pass") + "): " + rules.all().stream().map(Policy::header).toList()
                : "Rate limiting is disabled (ratelimit.enabled=false)");
    }

    public Rules rules() {
        return rules;
    }

    /**
     * The outcome for one request: {@code caller} is the authenticated name (never credentials), {@code plan}
     * its plan or null.
     */
    public Outcome decide(String caller, String plan, String method, String path) {
        if (!enabled) {
            return new Outcome.Unlimited();
        }
        Applied applied = rules.apply(plan, method, path);
        List<String> keys = keys(caller, applied.policies());
        for (int i = 0; i < keys.size(); i++) {
            Optional<Long> deniedFor = denials.deniedFor(keys.get(i), applied.cost());
            if (deniedFor.isPresent()) {
                Policy policy = applied.policies().get(i);
                long millis = deniedFor.get();
                Verdict verdict = new Verdict(List.of(policy), List.of(new Decision(true, policy.limit(), 0, millis, millis)));
                metrics.decided(verdict, enforced, true);
                return new Outcome.Decided(applied, verdict, enforced);
            }
        }
        Optional<Verdict> verdict = ask(keys, applied.policies(), applied.cost());
        if (verdict.isEmpty()) {
            metrics.undecided(failClosed);
            return new Outcome.Undecided(applied, failClosed, Math.max(1, Math.ceilDiv(breaker.millisUntilTrial(), 1000)));
        }
        Verdict decided = verdict.get();
        for (int i = 0; i < keys.size(); i++) {
            Decision decision = decided.decisions().get(i);
            if (decision.limited()) {
                denials.deny(keys.get(i), applied.cost(), decision.retryAfterMillis());
            }
        }
        metrics.decided(decided, enforced, false);
        return new Outcome.Decided(applied, decided, enforced);
    }

    /**
     * One decision on keys that are not a caller's quota (the login throttle's), with the circuit breaker, fail
     * mode, shadow mode and outage logging of every other decision, in one EVALSHA; no denial cache, no metrics.
     */
    Outcome decide(List<String> keys, Applied applied) {
        if (!enabled) {
            return new Outcome.Unlimited();
        }
        Optional<Verdict> verdict = ask(keys, applied.policies(), applied.cost());
        if (verdict.isEmpty()) {
            metrics.undecided(failClosed);
            return new Outcome.Undecided(applied, failClosed, Math.max(1, Math.ceilDiv(breaker.millisUntilTrial(), 1000)));
        }
        return new Outcome.Decided(applied, verdict.get(), enforced);
    }

    /** Every policy's state for this caller, consuming nothing; empty when Redis cannot tell. */
    public Optional<Verdict> peek(String caller) {
        return ask(keys(caller, rules.all()), rules.all(), 0);
    }

    /** Forgets everything counted for this caller, here and in Redis; false when Redis cannot be reached. */
    public boolean reset(String caller) {
        List<String> keys = keys(caller, rules.all());
        keys.forEach(denials::forget);
        try {
            redis().del(keys.toArray(String[]::new));
            return true;
        } catch (JedisException e) {
            redisOutage.failed(e);
            return false;
        }
    }

    private Optional<Verdict> ask(List<String> keys, List<Policy> policies, long cost) {
        if (!breaker.allowsCall()) {
            return Optional.empty();
        }
        long start = System.nanoTime();
        try {
            List<Decision> decisions = script.decide(redis(), keys, policies, cost);
            metrics.redisCall(System.nanoTime() - start);
            breaker.succeeded();
            redisOutage.answered();
            return Optional.of(new Verdict(policies, decisions));
        } catch (JedisException e) {
            breaker.failed();
            redisOutage.failed(e);
            return Optional.empty();
        }
    }

    private UnifiedJedis redis() {
        UnifiedJedis client = redis;
        if (client == null) {
            client = redisClient.get();
            redis = client;
        }
        return client;
    }

    /**
     * A caller's counters: named after the authenticated name, never the credentials. The braces are a Redis
     * Cluster hash tag, so all of a caller's counters live in one slot and one script may touch them together.
     */
    static List<String> keys(String caller, List<Policy> policies) {
        return policies.stream().map(policy -> "rl:{" + caller + "}:" + policy.name()).toList();
    }

    private static boolean choice(String key, String value, String first, String second) {
        if (!value.equals(first) && !value.equals(second)) {
            throw new IllegalStateException("Rate limit configuration: " + key + " must be " + first + " or " + second + ", got '" + value + "'");
        }
        return value.equals(first);
    }
}
