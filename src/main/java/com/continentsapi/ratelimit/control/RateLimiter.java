package com.continentsapi.ratelimit.control;

import com.continentsapi.problems.Outage;
import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Policy;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/** Decides, in one atomic Redis call, whether a caller may make one more request under the default policy. */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class.getName());
    private static final LuaScript FIXED_WINDOW = new LuaScript("ratelimit/fixed-window.lua");

    @Inject
    UnifiedJedis redis;

    @Inject
    @ConfigProperty(name = "ratelimit.enabled")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "ratelimit.limit")
    long limit;

    @Inject
    @ConfigProperty(name = "ratelimit.window")
    long windowSeconds;

    private Policy policy;
    private String policyField;
    private List<String> policyArgs;
    private final Outage redisOutage = new Outage(LOG, "Redis", "requests pass without a rate limit");

    @PostConstruct
    void init() {
        policy = new Policy("default", limit, windowSeconds);
        policyField = policy.header();
        policyArgs = List.of(Long.toString(limit), Long.toString(windowSeconds));
    }

    /** Reads the configuration at deployment, so a wrong value stops the app instead of the first request. */
    void validateAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        LOG.info(() -> enabled ? "Rate limit " + policy.header() : "Rate limiting is disabled (ratelimit.enabled=false)");
    }

    public Policy policy() {
        return policy;
    }

    /** The RateLimit-Policy field, the same on every response: built once. */
    public String policyField() {
        return policyField;
    }

    /**
     * The decision for one request of this caller, or empty when nothing is limited: the limiter is
     * switched off, or Redis fails. A failing Redis lets requests through (fail open) and is logged once
     * when it starts failing and once when it answers again, not per request.
     */
    public Optional<Decision> decide(String user) {
        if (!enabled) {
            return Optional.empty();
        }
        try {
            List<?> reply = (List<?>) FIXED_WINDOW.run(redis, List.of(key(user)), policyArgs);
            redisOutage.answered();
            return Optional.of(Decision.of(reply));
        } catch (JedisException e) {
            redisOutage.failed(e);
            return Optional.empty();
        }
    }

    /**
     * The caller's counter: named after the authenticated user, never the credentials. The braces are a
     * Redis Cluster hash tag, so all of a user's counters live in one slot and one script may touch them together.
     */
    String key(String user) {
        return "rl:{" + user + "}:" + policy.name();
    }
}
