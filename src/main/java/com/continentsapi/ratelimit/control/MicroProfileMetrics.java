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
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The application-scope metrics (Prometheus: {@code /metrics?scope=application}):
 * {@code ratelimit_decisions_total{policy, outcome=allowed|denied|shadow-denied}}, {@code ratelimit_cached_denials_total},
 * {@code ratelimit_undecided_total{fail_mode=open|closed|local}} (Redis could not decide), {@code ratelimit_redis_calls_seconds}
 * and {@code ratelimit_breaker_open} (1 while Redis is being skipped). Labels never hold a caller's name.
 * A bean only where the Metrics API exists: elsewhere (WildFly) CDI skips this class, which it cannot load.
 */
@ApplicationScoped
public class MicroProfileMetrics {

    private final Map<String, Counter> decisions = new ConcurrentHashMap<>();
    private Counter cachedDenials;
    private final Map<RateLimitSettings.FailMode, Counter> undecided = new EnumMap<>(RateLimitSettings.FailMode.class);
    private Timer redisCalls;

    @Inject
    MetricRegistry registry;

    @PostConstruct
    void register() {
        cachedDenials = registry.counter("ratelimit.cached.denials");
        for (RateLimitSettings.FailMode mode : RateLimitSettings.FailMode.values()) {
            undecided.put(mode, registry.counter("ratelimit.undecided", new Tag("fail_mode", mode.name().toLowerCase(Locale.ROOT))));
        }
        redisCalls = registry.timer("ratelimit.redis.calls");
    }

    void watch(CircuitBreaker breaker) {
        registry.gauge("ratelimit.breaker.open", () -> breaker.state() == CircuitBreaker.State.CLOSED ? 0 : 1);
    }

    void decided(Verdict verdict, boolean enforced, boolean fromCache) {
        for (int i = 0; i < verdict.policies().size(); i++) {
            Decision decision = verdict.decisions().get(i);
            String outcome = !decision.limited() ? "allowed" : enforced ? "denied" : "shadow-denied";
            String policy = verdict.policies().get(i).name();
            decisions.computeIfAbsent(policy + '\n' + outcome,
                    key -> registry.counter("ratelimit.decisions", new Tag("policy", policy), new Tag("outcome", outcome))).inc();
        }
        if (fromCache) {
            cachedDenials.inc();
        }
    }

    void undecided(RateLimitSettings.FailMode failMode) {
        undecided.get(failMode).inc();
    }

    void redisCall(long nanos) {
        redisCalls.update(Duration.ofNanos(nanos));
    }
}
