package com.continentsapi.ratelimit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.ratelimit.entity.Outcome;
import com.continentsapi.ratelimit.entity.Refusal;
import com.continentsapi.ratelimit.redis.ConfiguredRedisClient;
import com.continentsapi.stack.EmbeddedRedis;
import com.continentsapi.stack.RedisTopology;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.embedded.RedisServer;

/**
 * The limiter when Redis cannot answer: fail local, open or closed, for the caller's quota and the login throttle, on a
 * client of every topology whose servers are gone; and the circuit breaker on a Redis that goes and comes back,
 * on the breaker's injected clock.
 */
class RateLimiterFailureIT extends LimiterSuite {

    /** A client of this topology whose servers do not exist: it cannot even be built for Sentinel and Cluster. */
    static UnifiedJedis gone(RedisTopology topology) {
        String nowhere = "127.0.0.1:" + ConfiguredRedisClient.closedPort();
        return ConfiguredRedisClient.from(switch (topology) {
            case STANDALONE -> Map.of("REDIS_URL", "redis://" + nowhere);
            case SENTINEL -> Map.of("REDIS_TOPOLOGY", "sentinel", "REDIS_NODES", nowhere, "REDIS_SENTINEL_MASTER", "continents");
            case CLUSTER -> Map.of("REDIS_TOPOLOGY", "cluster", "REDIS_NODES", nowhere);
        });
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void failingOpenAnUndecidedRequestPassesAndSoDoesTheLogin(RedisTopology topology) {
        RateLimiter limiter = limiter(() -> gone(topology), "RATELIMIT_FAIL_MODE=open");
        Outcome undecided = get(limiter, "/");
        assertFalse(assertInstanceOf(Outcome.Undecided.class, undecided).failClosed());
        assertTrue(undecided.refusal().isEmpty());
        assertTrue(limiter.checkLogin(caller, "192.0.2.1").refusal().isEmpty());
        assertTrue(limiter.peek(caller).isEmpty());
        assertFalse(limiter.reset(caller));
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void failingClosedAnUndecidedRequestAndLoginAreRefusedWithRetryAfter(RedisTopology topology) {
        RateLimiter limiter = limiter(() -> gone(topology), "RATELIMIT_FAIL_MODE=closed");
        Refusal refusal = get(limiter, "/").refusal().orElseThrow();
        assertEquals(503, refusal.problem().status());
        assertTrue(refusal.retryAfterSeconds() >= 1, refusal.toString());
        assertEquals("https://iana.org/assignments/http-problem-types#temporary-reduced-capacity", refusal.problem().type());
        assertEquals(List.of("default"), refusal.problem().extensions().get("violated-policies"), "the policies it could not enforce");
        Refusal login = limiter.checkLogin(caller, "192.0.2.1").refusal().orElseThrow();
        assertEquals(503, login.problem().status(), "a login the throttle cannot count is not checked either");
        assertEquals("https://iana.org/assignments/http-problem-types#temporary-reduced-capacity", login.problem().type());
        assertEquals(List.of("login", "login-client", "login-user"), login.problem().extensions().get("violated-policies"));
    }

    /** The default fail mode: each instance enforces its share of every policy, the login throttle included. */
    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void failingLocallyEachInstanceEnforcesItsShareOfEveryLimitWithItsFields(RedisTopology topology) {
        RateLimiter limiter = limiter(() -> gone(topology), "RATELIMIT_LOCAL_INSTANCES=2");
        for (int i = 1; i <= 3; i++) {
            Outcome.Decided allowed = decided(get(limiter, "/"));
            assertTrue(allowed.local());
            assertTrue(allowed.refusal().isEmpty());
            assertTrue(allowed.verdict().rateLimitField().startsWith("\"default\";r=" + (3 - i) + ";t="), allowed.verdict().rateLimitField());
            assertEquals("\"default\";q=5;w=60", allowed.applied().policyField());
        }
        Refusal refusal = get(limiter, "/").refusal().orElseThrow();
        assertEquals(429, refusal.problem().status(), "5 per minute shared by 2 instances: 3 here");
        assertTrue(refusal.retryAfterSeconds() >= 1 && refusal.retryAfterSeconds() <= 60, refusal.toString());

        assertTrue(limiter.checkLogin(caller, "192.0.2.1").refusal().isEmpty());
        for (int i = 0; i < 5; i++) {
            limiter.loginFailed(caller, "192.0.2.1");
        }
        assertEquals(429, limiter.checkLogin(caller, "192.0.2.1").refusal().orElseThrow().problem().status(),
                "10 failed logins shared by 2 instances: 5 here");
        assertTrue(limiter.peek(caller).isEmpty(), "an administrator sees Redis's counts or none");
    }

    /** The failure a check took here, while Redis could not answer, is given back here by a right password. */
    @Test
    void failingLocallyARightPasswordGivesBackTheFailureItsCheckTookHere() {
        RateLimiter limiter = limiter(() -> gone(RedisTopology.STANDALONE), "RATELIMIT_LOCAL_INSTANCES=2");
        for (int i = 0; i < 8; i++) {
            Outcome check = limiter.checkLogin(caller, "192.0.2.2");
            assertTrue(check.refusal().isEmpty(), "right password " + i);
            limiter.loginNotFailed(caller, "192.0.2.2", check);
        }
        for (int i = 0; i < 5; i++) {
            Outcome check = limiter.checkLogin(caller, "192.0.2.2");
            assertTrue(check.refusal().isEmpty(), "wrong password " + i);
            limiter.loginFailed(caller, "192.0.2.2", check);
        }
        assertEquals(429, limiter.checkLogin(caller, "192.0.2.2").refusal().orElseThrow().problem().status(),
                "10 failed logins shared by 2 instances: 5 here, and only the wrong passwords counted");
    }

    /**
     * Redis's answer replaces the local one at once (the local denial was not cached), and the next outage starts
     * from empty counters: this instance dropped its own when Redis answered.
     */
    @Test
    void failingLocallyTheCountersAreDroppedWhenRedisAnswersAgain() throws Exception {
        int port = ConfiguredRedisClient.closedPort();
        RedisServer redis = EmbeddedRedis.server().port(port).bind("127.0.0.1").setting("save \"\"").build();
        try (RedisClient client = RedisClient.create(URI.create("redis://127.0.0.1:" + port))) {
            RateLimiter limiter = limiter(() -> client, "RATELIMIT_FAIL_MODE=local;RATELIMIT_LOCAL_INSTANCES=2");
            for (int i = 0; i < 3; i++) {
                assertFalse(decided(get(limiter, "/")).verdict().limited());
            }
            Outcome.Decided denied = decided(get(limiter, "/"));
            assertTrue(denied.local() && denied.verdict().limited(), denied.toString());

            redis.start();
            now += 2_000_000_000L;
            Outcome.Decided byRedis = decided(get(limiter, "/"));
            assertFalse(byRedis.local());
            assertEquals(4, remaining(byRedis.verdict(), "default"), "Redis counts from its own state");

            redis.stop();
            Outcome.Decided again = decided(get(limiter, "/"));
            assertTrue(again.local());
            assertEquals(2, remaining(again.verdict(), "default"), "the last outage's local counts are gone");
        } finally {
            redis.stop();
        }
    }

    /**
     * After three failures in a row the breaker skips Redis for its cool-down, even once Redis is back: the
     * Retry-After of a closed-failing limiter counts down the cool-down; then one trial call finds Redis and
     * the limiter decides again.
     */
    @Test
    void theBreakerSkipsRedisForItsCoolDownAfterFailuresThenTriesAgain() throws Exception {
        int port = ConfiguredRedisClient.closedPort();
        RedisServer redis = EmbeddedRedis.server().port(port).bind("127.0.0.1").setting("save \"\"").build();
        try (RedisClient client = RedisClient.create(URI.create("redis://127.0.0.1:" + port))) {
            RateLimiter limiter = limiter(() -> client, "RATELIMIT_FAIL_MODE=closed;RATELIMIT_BREAKER_FAILURES=3;"
                    + "RATELIMIT_BREAKER_COOL_DOWN_MS=2000");
            for (int failure = 1; failure <= 2; failure++) {
                assertEquals(1, get(limiter, "/").refusal().orElseThrow().retryAfterSeconds(), "closed: Redis asked each time");
            }
            assertEquals(2, get(limiter, "/").refusal().orElseThrow().retryAfterSeconds(), "the third failure opens it for 2 s");

            redis.start();
            assertInstanceOf(Outcome.Undecided.class, get(limiter, "/"), "open: Redis is not asked, though it answers");
            now += 1_500_000_000L;
            assertEquals(1, get(limiter, "/").refusal().orElseThrow().retryAfterSeconds(), "half a second of cool-down left");
            now += 500_000_000L;
            assertInstanceOf(Outcome.Decided.class, get(limiter, "/"), "the trial call closes it");
            assertInstanceOf(Outcome.Decided.class, get(limiter, "/"));
        } finally {
            redis.stop();
        }
    }
}
