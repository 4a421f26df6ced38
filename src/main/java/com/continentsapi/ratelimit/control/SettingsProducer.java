package com.continentsapi.ratelimit.control;

import com.continentsapi.ratelimit.entity.RateLimitFields;
import com.continentsapi.ratelimit.redis.RedisSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/** The limiter's settings, read once; a wrong one stops the deployment instead of the first request. */
@ApplicationScoped
public class SettingsProducer {

    private static final Logger LOG = Logger.getLogger(SettingsProducer.class.getName());

    @Inject
    Config config;

    @Produces
    @Singleton
    RateLimitSettings rateLimitSettings() {
        return RateLimitSettings.read(config);
    }

    @Produces
    @Singleton
    RedisSettings redisSettings() {
        return RedisSettings.read(config);
    }

    void validateAtStart(@Observes @Initialized(ApplicationScoped.class) Object started, RateLimitSettings limits, RedisSettings redis) {
        LOG.info(() -> !limits.enabled() ? "Rate limiting is disabled (ratelimit.enabled=false)"
                : "Rate limits (" + (limits.enforced() ? "enforced" : "shadow mode: never blocking") + ", without Redis: "
                        + RedisDecisions.meanwhile(limits) + "): " + RateLimitFields.policy(limits.rules().all()));
        LOG.info(() -> "Redis: " + redis.describe());
    }
}
