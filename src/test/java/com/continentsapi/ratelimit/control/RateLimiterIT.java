package com.continentsapi.ratelimit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.ratelimit.entity.Outcome;
import com.continentsapi.ratelimit.entity.PolicyOverride;
import com.continentsapi.ratelimit.entity.Refusal;
import com.continentsapi.ratelimit.entity.Verdict;
import com.continentsapi.ratelimit.login.LoginThrottle;
import com.continentsapi.ratelimit.overrides.LimitChanges;
import com.continentsapi.ratelimit.overrides.WiredLimitChanges;
import com.continentsapi.stack.RedisTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Protocol;

/**
 * The limiter's contract through its one entry point, {@link RateLimiter}, on every Redis topology: the rules
 * (policies, plans, routes, costs), atomic multi-limit decisions, shadow and disabled modes, fail open and closed,
 * the circuit breaker and the denial cache (on an injected clock), peek and reset, and the login throttle.
 * Settings are given as an operator sets them, on top of the defaults of microprofile-config.properties.
 */
class RateLimiterIT extends LimiterSuite {

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void theDefaultPolicyAllowsItsLimitThenRefusesWithQuotaExceeded(RedisTopology topology) {
        RateLimiter limiter = limiter(topology, "");
        for (int i = 1; i <= 5; i++) {
            Outcome.Decided allowed = decided(get(limiter, "/continents"));
            assertFalse(allowed.blocks());
            assertEquals("\"default\";q=5;w=60", allowed.applied().policyField());
            assertEquals(5 - i, allowed.verdict().decisions().getFirst().remaining());
        }
        Refusal refusal = get(limiter, "/continents").refusal().orElseThrow();
        assertEquals(429, refusal.problem().status());
        assertEquals("https://iana.org/assignments/http-problem-types#quota-exceeded", refusal.problem().type());
        assertEquals(List.of("default"), refusal.problem().extensions().get("violated-policies"));
        assertTrue(refusal.retryAfterSeconds() >= 1 && refusal.retryAfterSeconds() <= 60, refusal.toString());
        assertEquals("You're not allowed to access this resource. Wait " + refusal.retryAfterSeconds()
                + " seconds before trying again.", refusal.problem().detail());
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void theConfiguredLimitAndWindowMakeTheDefaultPolicy(RedisTopology topology) {
        RateLimiter limiter = limiter(topology, "RATELIMIT_LIMIT=2;RATELIMIT_WINDOW=2");
        assertEquals("\"default\";q=2;w=2", decided(get(limiter, "/")).applied().policyField());
        assertFalse(decided(get(limiter, "/")).blocks());
        long retryAfter = get(limiter, "/").refusal().orElseThrow().retryAfterSeconds();
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void aDenialByOnePolicyConsumesNothingFromTheOthers(RedisTopology topology) {
        RateLimiter limiter = limiter(topology, TWO_POLICIES);
        for (int i = 0; i < 5; i++) {
            assertFalse(decided(get(limiter, "/continents")).blocks());
        }
        Outcome.Decided denied = decided(get(limiter, "/continents"));
        assertTrue(denied.blocks());
        assertEquals(List.of("default"), denied.verdict().violated());
        assertEquals("\"default\";q=5;w=60, \"hourly\";q=100;w=3600", denied.applied().policyField());
        assertEquals(95, remaining(limiter.peek(caller).orElseThrow(), "hourly"), "nothing consumed on a denial");
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void aPlansPoliciesReplaceTheDefaultOnesAndAnUnknownPlanGetsTheDefaults(RedisTopology topology) {
        RateLimiter limiter = limiter(topology, TWO_POLICIES + ";RATELIMIT_PLANS=pro;RATELIMIT_PLAN_PRO_POLICIES=hourly");
        assertEquals("\"hourly\";q=100;w=3600", decided(limiter.decide(caller, "pro", "GET", "/")).applied().policyField());
        assertEquals("\"default\";q=5;w=60, \"hourly\";q=100;w=3600",
                decided(limiter.decide(caller, "gold", "GET", "/")).applied().policyField());
        assertEquals(98, remaining(limiter.peek(caller).orElseThrow(), "hourly"), "one quota per policy, whatever the plan");
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void aRouteSetsTheCostOfItsRequestsAndAddsItsPolicies(RedisTopology topology) {
        RateLimiter limiter = limiter(topology, TWO_POLICIES + ";RATELIMIT_DEFAULT_POLICIES=default;RATELIMIT_ROUTES=one;"
                + "RATELIMIT_ROUTE_ONE_PATH=/continents/*;RATELIMIT_ROUTE_ONE_METHODS=get;RATELIMIT_ROUTE_ONE_COST=2;"
                + "RATELIMIT_ROUTE_ONE_POLICIES=hourly");
        Outcome.Decided one = decided(get(limiter, "/continents/2"));
        assertEquals("\"default\";q=5;w=60, \"hourly\";q=100;w=3600", one.applied().policyField());
        assertEquals(3, remaining(one.verdict(), "default"));
        assertEquals(98, remaining(one.verdict(), "hourly"));
        assertEquals(2, decided(get(limiter, "/continents")).verdict().decisions().getFirst().remaining(), "another path: cost 1");
        assertEquals(1, decided(limiter.decide(caller, null, "DELETE", "/continents/2")).verdict().decisions().getFirst().remaining(),
                "another method: cost 1, no route policy");
        assertTrue(decided(get(limiter, "/continents/2")).blocks(), "two units wanted, one left");
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void concurrentRequestsOfOneCallerGetExactlyTheLimit(RedisTopology topology) throws Exception {
        RateLimiter limiter = limiter(topology, "RATELIMIT_LIMIT=25;RATELIMIT_WINDOW=3600");
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Boolean>> requests = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                requests.add(() -> decided(get(limiter, "/")).blocks());
            }
            long allowed = 0;
            for (Future<Boolean> blocked : callers.invokeAll(requests)) {
                allowed += blocked.get() ? 0 : 1;
            }
            assertEquals(25, allowed);
        } finally {
            callers.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void shadowModeDecidesCountsAndTellsButNeverBlocks(RedisTopology topology) {
        RateLimiter limiter = limiter(topology, "RATELIMIT_MODE=shadow;RATELIMIT_LIMIT=2");
        for (int i = 1; i <= 5; i++) {
            Outcome.Decided decided = decided(get(limiter, "/"));
            assertEquals(i > 2, decided.verdict().limited(), "request " + i);
            assertFalse(decided.blocks());
            assertTrue(decided.refusal().isEmpty());
        }
        assertEquals("2", topology.sharedClient().get(CallerKeys.of(caller, limiter.settings().rules().defaults()).getFirst()),
                "a request over the limit consumes nothing");
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void aDisabledLimiterDecidesNothingAndStoresNothing(RedisTopology topology) {
        RateLimiter limiter = limiter(topology, "RATELIMIT_ENABLED=false");
        for (int i = 0; i < 8; i++) {
            assertInstanceOf(Outcome.Unlimited.class, get(limiter, "/"));
        }
        assertInstanceOf(Outcome.Unlimited.class, limiter.checkLogin(caller, "192.0.2.1"), "the login throttle is off too");
        limiter.loginFailed(caller, "192.0.2.1");
        assertFalse(topology.sharedClient().exists(CallerKeys.of(caller, limiter.settings().rules().defaults()).getFirst()));
        assertFalse(topology.sharedClient().exists(LoginThrottle.keys(caller, "192.0.2.1").getFirst()));
    }

    /**
     * The client is got at the first Redis call: a limiter that never asks for it has sent Redis no command. The
     * limited caller afterwards shows that it does ask, on the same limiter.
     */
    @Test
    void anUnlimitedPlansCallersAreServedWithoutRedisAndWithoutFields() {
        AtomicInteger clients = new AtomicInteger();
        RateLimiter limiter = limiter(() -> {
            clients.incrementAndGet();
            return RedisTopology.STANDALONE.sharedClient();
        }, "RATELIMIT_LIMIT=1;RATELIMIT_PLANS=internal,pro;RATELIMIT_PLAN_INTERNAL_POLICIES=unlimited;RATELIMIT_PLAN_PRO_POLICIES=default");
        for (int i = 0; i < 10; i++) {
            assertInstanceOf(Outcome.Unlimited.class, limiter.decide(caller, "internal", "GET", "/continents"), "request " + i);
        }
        assertEquals(0, clients.get(), "no Redis command for an unlimited caller");
        assertFalse(RedisTopology.STANDALONE.sharedClient().exists(CallerKeys.of(caller, limiter.settings().rules().all()).getFirst()));

        assertFalse(decided(limiter.decide(caller, "pro", "GET", "/continents")).blocks());
        assertTrue(decided(limiter.decide(caller, "pro", "GET", "/continents")).blocks(), "the same caller on a limited plan");
        assertEquals(1, clients.get());
        assertInstanceOf(Outcome.Unlimited.class, limiter.decide(caller, "internal", "GET", "/continents"),
                "whatever the counters of the same name say");
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void aPeekConsumesNothingAndAResetRestoresEveryQuota(RedisTopology topology) {
        RateLimiter limiter = limiter(topology, TWO_POLICIES);
        for (int i = 0; i < 6; i++) {
            get(limiter, "/");
        }
        for (int i = 0; i < 3; i++) {
            Verdict peek = limiter.peek(caller).orElseThrow();
            assertEquals(0, remaining(peek, "default"));
            assertEquals(95, remaining(peek, "hourly"));
        }
        assertTrue(limiter.reset(caller));
        assertEquals(5, remaining(limiter.peek(caller).orElseThrow(), "default"));
        assertFalse(decided(get(limiter, "/")).blocks(), "the reset also forgot the cached denial");
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void aKnownDenialIsAnsweredWithoutRedisUntilItsRetryAfter(RedisTopology topology) {
        RateLimiter limiter = limiter(topology, "RATELIMIT_LIMIT=1;RATELIMIT_WINDOW=3600");
        get(limiter, "/");
        long retryAfter = get(limiter, "/").refusal().orElseThrow().retryAfterSeconds();
        topology.sharedClient().del(CallerKeys.of(caller, limiter.settings().rules().defaults()).getFirst());

        assertTrue(decided(get(limiter, "/")).blocks(), "Redis forgot the caller, the instance did not");
        now += retryAfter * 1_000_000_000L;
        assertFalse(decided(get(limiter, "/")).blocks(), "after Retry-After the instance asks Redis again");
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void anOverrideChangesTheLimitInTheSameScriptCall(RedisTopology topology) {
        RateLimiter limiter = limiter(topology, TWO_POLICIES);
        limiter.overrides.replace(caller, List.of(new PolicyOverride("default", 8, 3600L, null, null)));
        for (int i = 1; i <= 8; i++) {
            Outcome.Decided allowed = decided(get(limiter, "/"));
            assertFalse(allowed.blocks(), "request " + i);
            assertEquals("\"default\";q=8;w=3600, \"hourly\";q=100;w=3600", allowed.applied().policyField());
        }
        Outcome.Decided denied = decided(get(limiter, "/"));
        assertTrue(denied.blocks());
        assertTrue(denied.verdict().decisions().getFirst().retryAfterMillis() > 60_000, "the override's window, not the policy's minute");
        assertEquals(0, remaining(limiter.peek(caller).orElseThrow(), "default"));
        assertFalse(decided(limiter.decide("bob-" + caller, null, "GET", "/")).blocks(), "another user keeps the policy");
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void aResetOnOneInstanceEndsTheDenialAnotherInstanceCached(RedisTopology topology) throws InterruptedException {
        RateLimiter a = limiter(topology, "RATELIMIT_LIMIT=1;RATELIMIT_WINDOW=3600");
        RateLimiter b = limiter(topology, "RATELIMIT_LIMIT=1;RATELIMIT_WINDOW=3600");
        LimitChanges changes = listening(topology, b);
        try {
            deniedFromItsCache(topology, b);

            assertTrue(a.reset(caller));
            awaitTrue(() -> !decided(get(b, "/")).blocks());
        } finally {
            changes.stop();
        }
    }

    /** B's subscription to the change notices, listening. */
    private static LimitChanges listening(RedisTopology topology, RateLimiter b) throws InterruptedException {
        topology.sharedClient(); // started here, not in the listener's thread, which a failed test interrupts
        LimitChanges changes = WiredLimitChanges.of(topology::sharedClient, b.overrides, b::limitsChanged);
        changes.start(Duration.ofMinutes(5));
        await(changes::listening, Duration.ofSeconds(10));
        return changes;
    }

    /** B spends the caller's one request, then denies from its cache though Redis no longer holds the count. */
    private void deniedFromItsCache(RedisTopology topology, RateLimiter b) {
        get(b, "/");
        assertTrue(decided(get(b, "/")).blocks());
        topology.sharedClient().del(CallerKeys.of(caller, b.settings().rules().defaults()).getFirst());
        assertTrue(decided(get(b, "/")).blocks(), "B denies from its cache");
    }

    /** Messages published while it was not subscribed are lost: a new subscription forgets every cached denial. */
    @Test
    void anInstanceWhoseSubscriptionWasCutForgetsItsCachedDenialsOnSubscribingAgain() throws InterruptedException {
        RedisTopology topology = RedisTopology.STANDALONE;
        RateLimiter b = limiter(topology, "RATELIMIT_LIMIT=1;RATELIMIT_WINDOW=3600");
        LimitChanges changes = listening(topology, b);
        try {
            deniedFromItsCache(topology, b);

            topology.sharedClient().sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "pubsub");
            awaitTrue(() -> !decided(get(b, "/")).blocks());
        } finally {
            changes.stop();
        }
    }

    /** True within a second, as a change must reach every instance. */
    static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        await(condition, Duration.ofSeconds(1));
    }

    static void await(BooleanSupplier condition, Duration limit) throws InterruptedException {
        for (long deadline = System.nanoTime() + limit.toNanos(); !condition.getAsBoolean(); Thread.sleep(10)) {
            assertTrue(System.nanoTime() < deadline, "not within " + limit);
        }
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void failedLoginsAreCountedPerUserAndClientPerClientAndPerUser(RedisTopology topology) {
        RateLimiter limiter = limiter(topology, "RATELIMIT_LOGIN_LIMIT=3;RATELIMIT_LOGIN_CLIENT_LIMIT=6;RATELIMIT_LOGIN_USER_LIMIT=5");
        String client = "198.51.100." + (1 + topology.ordinal());
        for (int i = 0; i < 3; i++) {
            Outcome check = limiter.checkLogin(caller, client);
            assertTrue(check.refusal().isEmpty(), "attempt " + i);
            limiter.loginFailed(caller, client, check);
        }
        Refusal refused = limiter.checkLogin(caller, client).refusal().orElseThrow();
        assertEquals(429, refused.problem().status());
        assertEquals("https://iana.org/assignments/http-problem-types#abnormal-usage-detected", refused.problem().type(),
                "password guessing is abnormal usage, not a spent quota");
        assertEquals(List.of("login"), refused.problem().extensions().get("violated-policies"));

        Outcome elsewhere = limiter.checkLogin(caller, "203.0.113.9");
        assertTrue(elsewhere.refusal().isEmpty(), "the same name from elsewhere");
        limiter.loginFailed(caller, "203.0.113.9", elsewhere);
        limiter.loginFailed(caller, "203.0.113.10");
        assertEquals(List.of("login-user"), limiter.checkLogin(caller, "203.0.113.11").refusal().orElseThrow()
                .problem().extensions().get("violated-policies"), "five failures of one name from three clients");

        for (int i = 0; i < 3; i++) {
            limiter.loginFailed("bob-" + i + caller, client);
        }
        assertEquals(List.of("login-client"), limiter.checkLogin("carol-" + caller, client).refusal().orElseThrow()
                .problem().extensions().get("violated-policies"), "six failures from one client, whatever the names");
    }

    /**
     * Guesses that arrive together must not all see a full quota: each check takes its failure in the call that
     * decides it, so no more than the limit of them go on to the password check (PBKDF2).
     */
    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void concurrentLoginChecksLetNoMoreThanTheLimitThrough(RedisTopology topology) throws Exception {
        // Fail closed: a check that waited past its deadline on a loaded machine is refused (503), not decided
        // here, so every check that went on was one Redis took a failure for.
        RateLimiter limiter = limiter(topology, "RATELIMIT_LOGIN_LIMIT=10;RATELIMIT_FAIL_MODE=closed");
        String client = "198.51.100." + (20 + topology.ordinal());
        ExecutorService guessers = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Outcome>> guesses = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                guesses.add(() -> limiter.checkLogin(caller, client));
            }
            long checked = 0;
            long decidedByRedis = 0;
            for (Future<Outcome> guess : guessers.invokeAll(guesses)) {
                Outcome outcome = guess.get();
                checked += outcome.refusal().isEmpty() ? 1 : 0;
                decidedByRedis += outcome instanceof Outcome.Undecided ? 0 : 1;
            }
            assertEquals(Math.min(10, decidedByRedis), checked,
                    "50 concurrent guesses of one user name from one client (" + decidedByRedis + " decided by Redis), 10 failed logins allowed");
        } finally {
            guessers.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void aRightPasswordGivesBackTheFailureItsCheckTook(RedisTopology topology) {
        RateLimiter limiter = limiter(topology, "RATELIMIT_LOGIN_LIMIT=3");
        String client = "198.51.100." + (30 + topology.ordinal());
        for (int i = 0; i < 5; i++) {
            Outcome check = limiter.checkLogin(caller, client);
            assertTrue(check.refusal().isEmpty(), "right password " + i);
            limiter.loginNotFailed(caller, client, check);
        }
        for (String counter : LoginThrottle.keys(caller, client)) {
            assertFalse(topology.sharedClient().exists(counter), counter + ": given back its last unit, as if nothing was taken");
        }
        Outcome wrong = limiter.checkLogin(caller, client);
        Outcome right = limiter.checkLogin(caller, client);
        limiter.loginFailed(caller, client, wrong);
        limiter.loginNotFailed(caller, client, right);
        assertEquals("1", topology.sharedClient().get(LoginThrottle.keys(caller, client).getFirst()), "the wrong password's failure stays");
    }

    /**
     * Two right passwords whose checks took a failure late in a window, given back after it ended: the first finds
     * no counter and makes none, the second leaves the next window's count alone (only its own window owed it).
     */
    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void aFailureGivenBackAfterItsWindowEndedTouchesNoOtherWindow(RedisTopology topology) throws InterruptedException {
        RateLimiter limiter = limiter(topology, "RATELIMIT_LOGIN_LIMIT=3;RATELIMIT_LOGIN_WINDOW=1");
        String client = "198.51.100." + (40 + topology.ordinal());
        List<String> counters = LoginThrottle.keys(caller, client);
        limiter.loginFailed(caller, client);
        Thread.sleep(500);
        Outcome first = limiter.checkLogin(caller, client);
        Outcome second = limiter.checkLogin(caller, client);
        long resetMillis = assertInstanceOf(Outcome.LoginChecked.class, second).verdict().decisions().getFirst().resetAfterMillis();
        assertTrue(resetMillis < 1000, "both checks took from the window of the first failure: " + resetMillis + " ms left");
        Thread.sleep(resetMillis + 100); // Redis's clock: the window expires in Redis

        limiter.loginNotFailed(caller, client, first);
        for (String counter : counters) {
            assertFalse(topology.sharedClient().exists(counter), counter + ": a unit given back to an expired window makes no counter");
        }
        Outcome next = limiter.checkLogin(caller, client);
        assertTrue(next.refusal().isEmpty());
        limiter.loginNotFailed(caller, client, second);
        for (String counter : counters) {
            assertEquals("1", topology.sharedClient().get(counter), counter + ": the next window keeps its count");
            assertTrue(topology.sharedClient().pttl(counter) > 0, counter + " expires");
        }
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void theLoginThrottleEndsWithItsWindow(RedisTopology topology) throws InterruptedException {
        RateLimiter limiter = limiter(topology, "RATELIMIT_LOGIN_LIMIT=1;RATELIMIT_LOGIN_WINDOW=1");
        limiter.loginFailed(caller, "192.0.2.7");
        long retryAfter = limiter.checkLogin(caller, "192.0.2.7").refusal().orElseThrow().retryAfterSeconds();
        assertEquals(1, retryAfter);
        Thread.sleep(1100); // Redis's clock: the counters expire in Redis
        assertTrue(limiter.checkLogin(caller, "192.0.2.7").refusal().isEmpty());
    }
}
