package com.continentsapi.ratelimit.control;

import com.continentsapi.ratelimit.entity.Outcome;
import com.continentsapi.ratelimit.entity.Rules.Applied;
import com.continentsapi.ratelimit.entity.Verdict;
import com.continentsapi.ratelimit.login.LoginThrottle;
import com.continentsapi.ratelimit.overrides.LimitChanges;
import com.continentsapi.ratelimit.overrides.LimitsChanged;
import com.continentsapi.ratelimit.overrides.Overrides;
import com.continentsapi.ratelimit.redis.RedisSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import redis.clients.jedis.UnifiedJedis;

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

    private static final Outcome UNLIMITED = new Outcome.Unlimited();

    /** Got at the first decision, not at deployment: see {@link RedisDecisions}. */
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

    @Inject
    LimitChanges changes;

    /** Monotonic time of the breaker and the denial cache. */
    LongSupplier nanoClock = System::nanoTime;

    private RedisDecisions redis;
    private DenialCache denials;
    private LoginThrottle login;

    @PostConstruct
    void init() {
        redis = new RedisDecisions(redisClient::get, settings, redisSettings, metrics, nanoClock);
        denials = new DenialCache(settings.denialCacheSize(), nanoClock);
        login = new LoginThrottle(settings.login());
        overrides.whenExpired(this::forgetDenials);
    }

    /** After the schema migration (which observes at the default priority), which may create the overrides' table. */
    void listenForChanges(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) @Initialized(ApplicationScoped.class) Object started) {
        if (settings.enabled()) {
            changes.start(Duration.ofSeconds(settings.overridesReloadSeconds()));
        }
    }

    /** Another instance, or this one, changed a user's limits: cached denials of that user may no longer hold. */
    void limitsChanged(@Observes LimitsChanged change) {
        if (change.everybody()) {
            forgetAllDenials();
        } else {
            forgetDenials(change.user());
        }
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
        long generation = denials.generation(); // before the overrides: a change from now on voids this decision's denial
        Applied applied = overrides.applyTo(caller, settings.rules().apply(plan, method, path));
        List<String> keys = CallerKeys.of(caller, applied.policies());
        Optional<Verdict> known = denials.verdict(keys, applied.policies(), applied.cost());
        if (known.isPresent()) {
            metrics.decided(known.get(), settings.enforced(), true);
            return new Outcome.Decided(applied, known.get(), settings.enforced());
        }
        Outcome outcome = redis.decide(keys, applied);
        if (outcome instanceof Outcome.Decided decided) {
            if (!decided.local()) {
                denials.remember(keys, applied.cost(), decided.verdict(), generation);
            }
            metrics.decided(decided.verdict(), settings.enforced(), false);
        }
        return outcome;
    }

    /**
     * Before a password is checked: takes one failed login from each login counter, in the call that checks them,
     * and blocks once this user name or client has none left; the caller then says how the login ended
     * ({@link #loginFailed(String, String, Outcome)} or {@link #loginNotFailed}). Undecided when Redis cannot tell
     * (the fail mode then says whether the login may go on).
     */
    public Outcome checkLogin(String user, String client) {
        if (!settings.throttlesLogins()) {
            return UNLIMITED;
        }
        Outcome outcome = LoginThrottle.checked(redis.decide(LoginThrottle.keys(user, client), login.failure));
        if (outcome instanceof Outcome.LoginChecked checked && checked.verdict().limited()) {
            metrics.loginThrottled(checked.verdict());
        }
        return outcome;
    }

    /** After a wrong password: the failure its check took stands; one is counted now if the check took none. */
    public void loginFailed(String user, String client, Outcome check) {
        if (!LoginThrottle.took(check)) {
            loginFailed(user, client);
        }
    }

    /** One failure more on each of the login counters. */
    void loginFailed(String user, String client) {
        if (settings.throttlesLogins()) {
            redis.decide(LoginThrottle.keys(user, client), login.failure);
        }
    }

    /**
     * After a right password, or one that was not checked (no turn for a check, no database): no failed login,
     * so the failure its check took is given back, where it was taken.
     */
    public void loginNotFailed(String user, String client, Outcome check) {
        if (check instanceof Outcome.LoginChecked taken && LoginThrottle.took(check)) {
            List<String> keys = LoginThrottle.keys(user, client);
            if (taken.local()) {
                redis.giveBackLocally(keys, taken.verdict());
            } else {
                redis.run(jedis -> LoginThrottle.giveBack(jedis, keys, taken.verdict()));
            }
        }
    }

    /** Every policy's state for this caller in Redis, consuming nothing; empty when Redis cannot tell. */
    public Optional<Verdict> peek(String caller) {
        Applied all = overrides.applyTo(caller, new Applied(settings.rules().all(), 0));
        return redis.decide(CallerKeys.of(caller, all.policies()), all) instanceof Outcome.Decided decided && !decided.local()
                ? Optional.of(decided.verdict()) : Optional.empty();
    }

    /**
     * Forgets everything counted for this caller, in Redis and in every instance's denial cache; false when Redis
     * cannot be reached.
     */
    public boolean reset(String caller) {
        forgetDenials(caller);
        List<String> keys = CallerKeys.of(caller, settings.rules().all());
        return redis.run(client -> {
            client.del(keys.toArray(String[]::new));
            client.publish(LimitChanges.CHANNEL, caller);
        });
    }

    /**
     * Tells every instance (this one included) that this caller's overrides changed: each reloads them and
     * forgets its cached denials of the caller. False when Redis cannot be reached.
     */
    public boolean changed(String caller) {
        forgetDenials(caller);
        return redis.run(client -> client.publish(LimitChanges.CHANNEL, caller));
    }

    void forgetDenials(String caller) {
        CallerKeys.of(caller, settings.rules().all()).forEach(denials::forget);
    }

    void forgetAllDenials() {
        denials.clear();
    }
}
