package com.continentsapi.ratelimit.control;

import com.continentsapi.ratelimit.entity.Verdict;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The limiter's MicroProfile Metrics, when the server has them (Payara does; WildFly dropped MicroProfile
 * Metrics for Micrometer, and there the limiter works without metrics). {@link MicroProfileMetrics} is the only
 * class that names the Metrics API, and it is looked up only when that API is there. The methods of both are public:
 * Weld's client proxy calls a package-private method by reflection, and these are called on every decision.
 */
@ApplicationScoped
public class LimiterMetrics {

    private static final Logger LOG = Logger.getLogger(LimiterMetrics.class.getName());

    private MicroProfileMetrics metrics;

    @PostConstruct
    void init() {
        try {
            Class.forName("org.eclipse.microprofile.metrics.MetricRegistry", false, LimiterMetrics.class.getClassLoader());
        } catch (ClassNotFoundException absent) {
            LOG.info("No MicroProfile Metrics on this server: the rate limiter keeps no metrics");
            return;
        }
        metrics = CDI.current().select(MicroProfileMetrics.class).get();
    }

    /** {@code skipping}: whether a breaker skips Redis now, for any node. */
    public void watch(BooleanSupplier skipping) {
        if (metrics != null) {
            metrics.watch(skipping);
        }
    }

    public void decided(Verdict verdict, boolean enforced, boolean fromCache) {
        if (metrics != null) {
            metrics.decided(verdict, enforced, fromCache);
        }
    }

    public void loginThrottled(Verdict verdict) {
        if (metrics != null) {
            metrics.loginThrottled(verdict);
        }
    }

    public void unlimited(String plan) {
        if (metrics != null) {
            metrics.unlimited(plan);
        }
    }

    public void undecided(RateLimitSettings.FailMode failMode) {
        if (metrics != null) {
            metrics.undecided(failMode);
        }
    }

    /** One round trip to Redis, carrying this many decisions. */
    public void redisCall(long nanos, int decisions) {
        if (metrics != null) {
            metrics.redisCall(nanos, decisions);
        }
    }
}
