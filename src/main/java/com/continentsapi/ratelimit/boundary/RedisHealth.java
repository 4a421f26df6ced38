package com.continentsapi.ratelimit.boundary;

import com.continentsapi.ratelimit.control.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Redis as the readiness probe should see it. While the limiter fails open or local, a Redis outage degrades the
 * service (requests pass unlimited, or limited by each instance alone) but does not stop it: taking every instance out of the load balancer would turn a
 * degraded API into no API. Failing closed, the instance refuses requests without Redis, so it is not ready.
 */
@Readiness
@ApplicationScoped
public class RedisHealth implements HealthCheck {

    /** Got per probe, inside the try: a Sentinel or Cluster client cannot even be built while its servers are down. */
    @Inject
    Provider<UnifiedJedis> redis;

    @Inject
    RateLimiter limiter;

    @Override
    public HealthCheckResponse call() {
        if (!limiter.settings().enabled()) {
            return HealthCheckResponse.named("redis").up().withData("limiter", "disabled").build();
        }
        try {
            redis.get().ping();
            return HealthCheckResponse.named("redis").up().withData("limiter", "limiting").build();
        } catch (JedisException e) {
            if (limiter.settings().failClosed()) {
                return HealthCheckResponse.named("redis").down()
                        .withData("limiter", "failing closed: requests are refused until Redis answers").build();
            }
            return HealthCheckResponse.named("redis").up().withData("limiter", switch (limiter.settings().failMode()) {
                case LOCAL -> "degraded, failing local: this instance enforces the limits on its own until Redis answers";
                default -> "degraded, failing open: requests pass unlimited until Redis answers";
            }).build();
        }
    }
}
