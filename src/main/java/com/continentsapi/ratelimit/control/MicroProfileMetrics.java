package com.continentsapi.ratelimit.control;

import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Verdict;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The application-scope metrics (Prometheus: {@code /metrics?scope=application}):
 * {@code ratelimit_decisions_total{policy, outcome=allowed|denied|shadow-denied}}, {@code ratelimit_cached_denials_total},
 * {@code ratelimit_near_limit_total{policy}} (allowed, leaving {@code ratelimit.near-limit} of the limit or less),
 * {@code ratelimit_unlimited_total{plan}} (callers of an unlimited plan, served without a decision),
 * {@code ratelimit_login_throttled_total{policy=login|login-client|login-user}} (logins refused before the password),
 * {@code ratelimit_undecided_total{fail_mode=open|closed|local}} (Redis could not decide), {@code ratelimit_redis_calls_seconds}
 * (one per round trip), {@code ratelimit_redis_call_decisions} (how many decisions each round trip carried) and
 * {@code ratelimit_breaker_open} (1 while Redis is being skipped). Labels never hold a caller's name: policies and
 * plans are the operator's. Each has a description, which Prometheus shows as its HELP; server-config/prometheus has
 * alert rules on them. A bean only where the Metrics API exists: elsewhere (WildFly) CDI skips this class, which it
 * cannot load.
 */
@ApplicationScoped
public class MicroProfileMetrics {

    private static final Metadata DECISIONS = described("ratelimit.decisions",
            "Decisions per policy and outcome (allowed, denied, shadow-denied); a request counts once under each of its policies");
    private static final Metadata CACHED_DENIALS = described("ratelimit.cached.denials",
            "Denials answered from this instance's denial cache, without Redis");
    private static final Metadata NEAR_LIMIT = described("ratelimit.near.limit",
            "Allowed decisions per policy that left ratelimit.near-limit of the limit or less");
    private static final Metadata UNLIMITED = described("ratelimit.unlimited",
            "Requests of callers whose plan is unlimited, served without a decision or a Redis call");
    private static final Metadata LOGIN_THROTTLED = described("ratelimit.login.throttled",
            "Logins the failed-login throttle refused (or, in shadow mode, would have), by spent counter");
    private static final Metadata UNDECIDED = described("ratelimit.undecided",
            "Requests Redis could not decide (unreachable, timed out, or skipped by the open breaker), by fail mode");
    /** In nanoseconds, the unit a Timer has unless told otherwise: exported as {@code ratelimit_redis_calls_seconds}. */
    private static final Metadata REDIS_CALLS = Metadata.builder().withName("ratelimit.redis.calls")
            .withDescription("Duration of the limiter's Redis calls").withUnit(MetricUnits.NANOSECONDS).build();
    private static final Metadata DECISIONS_PER_CALL = described("ratelimit.redis.call.decisions",
            "Decisions each round trip to Redis carried: 1 when alone, more when concurrent decisions shared it");
    private static final Metadata BREAKER_OPEN = described("ratelimit.breaker.open",
            "1 while a circuit breaker skips Redis (open or half-open; on a Cluster, one per master), 0 while Redis is asked");

    private static final String[] OUTCOMES = {"allowed", "denied", "shadow-denied"};

    /** By policy, then by outcome (an index of OUTCOMES). */
    private final Map<String, AtomicReferenceArray<Counter>> decisions = new ConcurrentHashMap<>();
    private final Map<String, Counter> nearLimit = new ConcurrentHashMap<>();
    private final Map<String, Counter> unlimited = new ConcurrentHashMap<>();
    private final Map<String, Counter> loginThrottled = new ConcurrentHashMap<>();
    private Counter cachedDenials;
    private final Map<RateLimitSettings.FailMode, Counter> undecided = new EnumMap<>(RateLimitSettings.FailMode.class);
    private Timer redisCalls;
    private Histogram decisionsPerCall;

    @Inject
    MetricRegistry registry;

    @Inject
    RateLimitSettings settings;

    private static Metadata described(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).build();
    }

    @PostConstruct
    void register() {
        cachedDenials = registry.counter(CACHED_DENIALS);
        for (RateLimitSettings.FailMode mode : RateLimitSettings.FailMode.values()) {
            undecided.put(mode, registry.counter(UNDECIDED, new Tag("fail_mode", mode.name().toLowerCase(Locale.ROOT))));
        }
        redisCalls = registry.timer(REDIS_CALLS);
        decisionsPerCall = registry.histogram(DECISIONS_PER_CALL);
    }

    public void watch(BooleanSupplier skipping) {
        registry.gauge(BREAKER_OPEN, () -> skipping.getAsBoolean() ? 1 : 0);
    }

    public void decided(Verdict verdict, boolean enforced, boolean fromCache) {
        for (int i = 0; i < verdict.policies().size(); i++) {
            Decision decision = verdict.decisions().get(i);
            String policy = verdict.policies().get(i).name();
            int outcome = !decision.limited() ? 0 : enforced ? 1 : 2;
            AtomicReferenceArray<Counter> counters = decisions.get(policy);
            if (counters == null) {
                counters = decisions.computeIfAbsent(policy, key -> new AtomicReferenceArray<>(OUTCOMES.length));
            }
            Counter counter = counters.get(outcome);
            if (counter == null) { // two threads may both register it: the registry gives both the one it holds
                counter = registry.counter(DECISIONS, new Tag("policy", policy), new Tag("outcome", OUTCOMES[outcome]));
                counters.set(outcome, counter);
            }
            counter.inc();
            if (decision.nearLimit(settings.nearLimit())) {
                nearLimit.computeIfAbsent(policy, key -> registry.counter(NEAR_LIMIT, new Tag("policy", policy))).inc();
            }
        }
        if (fromCache) {
            cachedDenials.inc();
        }
    }

    public void unlimited(String plan) {
        unlimited.computeIfAbsent(plan, key -> registry.counter(UNLIMITED, new Tag("plan", plan))).inc();
    }

    public void loginThrottled(Verdict verdict) {
        for (String policy : verdict.violated()) {
            loginThrottled.computeIfAbsent(policy, key -> registry.counter(LOGIN_THROTTLED, new Tag("policy", policy))).inc();
        }
    }

    public void undecided(RateLimitSettings.FailMode failMode) {
        undecided.get(failMode).inc();
    }

    public void redisCall(long nanos, int decisions) {
        redisCalls.update(Duration.ofNanos(nanos));
        decisionsPerCall.update(decisions);
    }
}
