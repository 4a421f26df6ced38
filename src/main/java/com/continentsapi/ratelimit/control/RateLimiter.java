package com.continentsapi.ratelimit.control;

import com.continentsapi.problems.Outage;
import com.continentsapi.ratelimit.control.RateLimitSettings.FailMode;
import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Outcome;
import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.ratelimit.entity.Rules.Applied;
import com.continentsapi.ratelimit.entity.Verdict;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The limiter's one entry point. Decides, in one atomic Redis call, whether a caller may make a request under
 * every policy that applies to it, and throttles failed logins the same way. Denials already known are answered
 * from a local cache; a failing Redis is skipped by a circuit breaker and the request passes (fail-mode open), is
 * refused (closed) or is decided by this instance alone (local).
 */
@ApplicationScoped
public class RateLimiter {

    /** The request attribute that names the caller's plan, set by whoever authenticated the caller. */
    public static final String PLAN = "com.continentsapi.ratelimit.plan";
    /** The plan of callers limited by their address (ratelimit.anonymous=ip). */
    public static final String ANONYMOUS_PLAN = "anonymous";

    private static final Logger LOG = Logger.getLogger(RateLimiter.class.getName());
    private static final Outcome UNLIMITED = new Outcome.Unlimited();

    /**
     * Got at the first decision, not at deployment: a Sentinel or Cluster client asks its servers for the
     * topology when it is built, and the app must start (and fail open) while they are down.
     */
    @Inject
    Provider<UnifiedJedis> redisClient;

    @Inject
    LimiterMetrics metrics;

    @Inject
    RateLimitSettings settings;

    @Inject
    RedisSettings redisSettings;

    @Inject
    Overrides overrides;

    /** Monotonic time of the breaker and the denial cache. */
    LongSupplier nanoClock = System::nanoTime;

    private final DecisionScript script = new DecisionScript();
    private DecisionBatches batches;
    private CircuitBreaker breaker;
    private DenialCache denials;
    private LoginThrottle login;
    private Outage redisOutage;
    /** Fail mode local only. */
    private LocalFallback local;
    private volatile UnifiedJedis redis;

    @PostConstruct
    void init() {
        breaker = new CircuitBreaker(settings.breakerFailures(), settings.breakerCoolDownMillis(), nanoClock);
        denials = new DenialCache(settings.denialCacheSize(), nanoClock);
        login = new LoginThrottle(settings.login());
        if (settings.failMode() == FailMode.LOCAL) {
            local = new LocalFallback(settings.localInstances(), settings.localSize(), LocalLimits.WALL_CLOCK_MICROS);
        }
        redisOutage = new Outage(LOG, "Redis", meanwhile(settings));
        metrics.watch(breaker);
        overrides.whenExpired(this::forgetDenials);
        batches = new DecisionBatches(script, this::redis, redisSettings.pipelineLimit(), redisSettings.pipelineLanes(), new RoundTrips());
    }

    @PreDestroy
    void close() {
        batches.close();
    }

    public RateLimitSettings settings() {
        return settings;
    }

    /**
     * The outcome for one request: {@code caller} is the authenticated name (never credentials), {@code plan}
     * its plan or null.
     */
    public Outcome decide(String caller, String plan, String method, String path) {
        if (!settings.enabled()) {
            return UNLIMITED;
        }
        if (settings.rules().unlimited(plan)) {
            metrics.unlimited(plan);
            return UNLIMITED;
        }
        Applied applied = overrides.applyTo(caller, settings.rules().apply(plan, method, path));
        List<String> keys = keys(caller, applied.policies());
        Optional<Verdict> known = denials.verdict(keys, applied.policies(), applied.cost());
        if (known.isPresent()) {
            metrics.decided(known.get(), settings.enforced(), true);
            return new Outcome.Decided(applied, known.get(), settings.enforced());
        }
        Outcome outcome = ask(keys, applied);
        if (outcome instanceof Outcome.Decided decided) {
            if (!decided.local()) {
                denials.remember(keys, applied.cost(), decided.verdict());
            }
            metrics.decided(decided.verdict(), settings.enforced(), false);
        }
        return outcome;
    }

    /**
     * Before a password is checked: blocks once this user name or client has no failed login left; Undecided
     * when Redis cannot tell (the fail mode then says whether the login may go on).
     */
    public Outcome checkLogin(String user, String client) {
        if (!settings.throttlesLogins()) {
            return UNLIMITED;
        }
        Outcome outcome = LoginThrottle.spent(ask(LoginThrottle.keys(user, client), login.check));
        if (outcome instanceof Outcome.LoginChecked checked && checked.verdict().limited()) {
            metrics.loginThrottled(checked.verdict());
        }
        return outcome;
    }

    /** After a wrong password: one failure more on each of the login counters. */
    public void loginFailed(String user, String client) {
        if (settings.throttlesLogins()) {
            ask(LoginThrottle.keys(user, client), login.failure);
        }
    }

    /** Every policy's state for this caller in Redis, consuming nothing; empty when Redis cannot tell. */
    public Optional<Verdict> peek(String caller) {
        Applied all = overrides.applyTo(caller, new Applied(settings.rules().all(), 0));
        return ask(keys(caller, all.policies()), all) instanceof Outcome.Decided decided && !decided.local()
                ? Optional.of(decided.verdict()) : Optional.empty();
    }

    /**
     * Forgets everything counted for this caller, in Redis and in every instance's denial cache; false when Redis
     * cannot be reached.
     */
    public boolean reset(String caller) {
        forgetDenials(caller);
        try {
            redis().del(keys(caller, settings.rules().all()).toArray(String[]::new));
            redis().publish(LimitChanges.CHANNEL, caller);
            return true;
        } catch (JedisException e) {
            redisOutage.failed(e);
            return false;
        }
    }

    /**
     * Tells every instance (this one included) that this caller's overrides changed: each reloads them and
     * forgets its cached denials of the caller. False when Redis cannot be reached.
     */
    public boolean changed(String caller) {
        forgetDenials(caller);
        try {
            redis().publish(LimitChanges.CHANNEL, caller);
            return true;
        } catch (JedisException e) {
            redisOutage.failed(e);
            return false;
        }
    }

    void forgetDenials(String caller) {
        keys(caller, settings.rules().all()).forEach(denials::forget);
    }

    void forgetAllDenials() {
        denials.clear();
    }

    /**
     * One EVALSHA, unless the breaker skips Redis; Undecided when there is no answer. The EVALSHA may share its
     * round trip with those of concurrent requests: {@link DecisionBatches}.
     */
    private Outcome ask(List<String> keys, Applied applied) {
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

    /** The breaker, the metrics and the outage log count round trips to Redis, whatever number of decisions each carries. */
    private final class RoundTrips implements DecisionBatches.RoundTrips {

        @Override
        public void answered(int decisions, long nanos) {
            metrics.redisCall(nanos, decisions);
            breaker.succeeded();
            redisOutage.answered();
            if (local != null) {
                local.redisAnswered();
            }
        }

        @Override
        public void failed(JedisException cause) {
            breaker.failed();
            redisOutage.failed(cause);
        }
    }

    static String meanwhile(RateLimitSettings settings) {
        return switch (settings.failMode()) {
            case OPEN -> "requests pass without a rate limit";
            case CLOSED -> "requests are refused (503)";
            case LOCAL -> "each instance enforces the limits on its own, each limit divided by " + settings.localInstances();
        };
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
}
