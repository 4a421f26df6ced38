package com.continentsapi.ratelimit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.ratelimit.entity.Algorithm;
import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.ratelimit.local.LocalLimits;
import com.continentsapi.ratelimit.redis.DecisionScript;
import com.continentsapi.ratelimit.redis.LuaScript;
import com.continentsapi.stack.RedisTopology;
import com.continentsapi.stack.StackSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The contract every rate limit algorithm keeps, on a real Redis, through the one-call {@link DecisionScript}
 * (and each file run alone), and in one instance's memory ({@link LocalLimits}, fail mode local), which must answer
 * as Redis does. One suite, many subjects: every algorithm in every store of {@link #stores()}; what only a Redis
 * can show (a file run alone, a key something else wrote) runs on {@link #redisClients()}.
 * Windows of an hour make refills negligible where counts are checked; 1-2 s windows with real waits where
 * Retry-After and reset are checked. The cases run side by side (keys of their own, waits that tolerate being
 * late): most of the suite's time is those waits.
 */
class AlgorithmContractIT {

    static final long HOUR = 3600;
    static final DecisionScript SCRIPT = new DecisionScript();

    /** Where the limits are kept and decided. */
    interface Store {

        List<Decision> decide(List<String> keys, List<Policy> policies, long cost);

        /** What a key holds, in the store's own terms: compared before and after a call that must not write. */
        Object state(String key);

        boolean exists(String key);

        /** The keys held whose names start with this prefix. */
        Set<String> keys(String prefix);

        /** How long the key still lives, as PTTL tells. */
        long millisToLive(String key);
    }

    /** A Redis to run the contract on; Sentinel and Cluster clients join as further entries. */
    record RedisUnderTest(String name, Supplier<UnifiedJedis> client) implements Store {

        @Override
        public List<Decision> decide(List<String> keys, List<Policy> policies, long cost) {
            return SCRIPT.decide(client.get(), keys, policies, cost);
        }

        @Override
        public Object state(String key) {
            return AlgorithmContractIT.state(client.get(), key);
        }

        @Override
        public boolean exists(String key) {
            return client.get().exists(key);
        }

        @Override
        public Set<String> keys(String prefix) {
            return scan(client.get(), prefix);
        }

        @Override
        public long millisToLive(String key) {
            return client.get().pttl(key);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** One instance's memory, as fail mode local decides while Redis cannot. */
    record LocalUnderTest(LocalLimits limits) implements Store {

        @Override
        public List<Decision> decide(List<String> keys, List<Policy> policies, long cost) {
            return limits.decide(keys, policies, cost);
        }

        @Override
        public Object state(String key) {
            return limits.state(key);
        }

        @Override
        public boolean exists(String key) {
            return limits.state(key).isPresent();
        }

        @Override
        public Set<String> keys(String prefix) {
            return limits.keys().stream().filter(key -> key.startsWith(prefix) && exists(key)).collect(Collectors.toSet());
        }

        @Override
        public long millisToLive(String key) {
            return limits.state(key).map(stored -> stored.lastMillis() - LocalLimits.WALL_CLOCK_MICROS.getAsLong() / 1000).orElse(-2L);
        }

        @Override
        public String toString() {
            return "local memory";
        }
    }

    record Subject(Algorithm algorithm, Store store) {
        @Override
        public String toString() {
            return algorithm.id() + " on " + store;
        }
    }

    static final LocalUnderTest LOCAL = new LocalUnderTest(new LocalLimits(100_000, LocalLimits.WALL_CLOCK_MICROS));

    static Stream<RedisUnderTest> redisClients() {
        return Arrays.stream(RedisTopology.values()).map(topology -> new RedisUnderTest(
                topology.name().toLowerCase(Locale.ROOT) + " Redis", topology::sharedClient));
    }

    static Stream<Store> stores() {
        return Stream.concat(redisClients(), Stream.of(LOCAL));
    }

    static Stream<Subject> subjects() {
        return stores().flatMap(store -> Arrays.stream(Algorithm.values()).map(algorithm -> new Subject(algorithm, store)));
    }

    static Stream<Subject> redisSubjects() {
        return redisClients().flatMap(redis -> Arrays.stream(Algorithm.values()).map(algorithm -> new Subject(algorithm, redis)));
    }

    /** All keys of one test share a hash tag, as a caller's keys do, so they can be listed and live in one Cluster slot. */
    final String tag = "{contract-" + UUID.randomUUID() + "}";

    String key(String name) {
        return "rl:" + tag + ":" + name;
    }

    /** {@code limit} units at once (the bucket algorithms get a burst of {@code limit}), refilled over {@code windowSeconds}. */
    static Policy policy(Algorithm algorithm, long limit, long windowSeconds) {
        return new Policy("contract", algorithm, limit, windowSeconds, limit);
    }

    static Decision decide(Subject subject, String key, Policy policy, long cost) {
        return decide(subject.store(), key, policy, cost);
    }

    static Decision decide(Store store, String key, Policy policy, long cost) {
        return store.decide(List.of(key), List.of(policy), cost).getFirst();
    }

    /** What a key holds, whatever its type: compared before and after a call that must not write. */
    static Map<String, String> state(UnifiedJedis redis, String key) {
        return switch (redis.type(key)) {
            case "none" -> Map.of();
            case "string" -> Map.of("", redis.get(key));
            case "hash" -> redis.hgetAll(key);
            default -> throw new AssertionError(key + " is a " + redis.type(key));
        };
    }

    /**
     * By SCAN, which the app's ACL user may run (KEYS is among the dangerous commands it may not). Braces are
     * literal in a Redis glob, and on a Cluster the pattern's hash tag sends the SCAN to the test's one slot.
     */
    static Set<String> scan(UnifiedJedis redis, String prefix) {
        Set<String> keys = new HashSet<>();
        ScanParams match = new ScanParams().match(prefix + "*").count(1000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, match);
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    @Execution(ExecutionMode.CONCURRENT)
    void allowsExactlyTheLimitThenDenies(Subject subject) {
        Policy policy = policy(subject.algorithm(), 5, HOUR);
        for (int i = 1; i <= 5; i++) {
            Decision allowed = decide(subject, key("a"), policy, 1);
            assertFalse(allowed.limited(), "request " + i);
            assertEquals(5, allowed.limit());
            assertEquals(5 - i, allowed.remaining());
            assertEquals(-1, allowed.retryAfterMillis());
            assertTrue(allowed.resetAfterMillis() > 0 && allowed.resetAfterMillis() <= 2 * HOUR * 1000, allowed.toString());
        }
        for (int i = 0; i < 3; i++) {
            Decision denied = decide(subject, key("a"), policy, 1);
            assertTrue(denied.limited());
            assertEquals(5, denied.limit());
            assertEquals(0, denied.remaining());
            assertTrue(denied.retryAfterMillis() > 0 && denied.retryAfterMillis() <= denied.resetAfterMillis(), denied.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    @Execution(ExecutionMode.CONCURRENT)
    void aRequestTakesAsManyUnitsAsItCosts(Subject subject) {
        Policy policy = policy(subject.algorithm(), 5, HOUR);
        assertEquals(2, decide(subject, key("a"), policy, 3).remaining());
        Decision tooMuch = decide(subject, key("a"), policy, 3);
        assertTrue(tooMuch.limited());
        assertEquals(2, tooMuch.remaining());
        Decision exactlyTheRest = decide(subject, key("a"), policy, 2);
        assertFalse(exactlyTheRest.limited());
        assertEquals(0, exactlyTheRest.remaining());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    @Execution(ExecutionMode.CONCURRENT)
    void aRequestCostingMoreThanTheLimitIsNeverAllowedAndWritesNothing(Subject subject) {
        Decision never = decide(subject, key("a"), policy(subject.algorithm(), 5, HOUR), 6);
        assertEquals(new Decision(true, 5, 5, -1, 0), never);
        assertFalse(subject.store().exists(key("a")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    @Execution(ExecutionMode.CONCURRENT)
    void aPeekConsumesAndWritesNothing(Subject subject) {
        Store store = subject.store();
        Policy policy = policy(subject.algorithm(), 5, HOUR);
        assertEquals(new Decision(false, 5, 5, -1, 0), decide(subject, key("a"), policy, 0));
        assertFalse(store.exists(key("a")), "a peek at a new caller stores nothing");

        decide(subject, key("a"), policy, 2);
        Object before = store.state(key("a"));
        for (int i = 0; i < 3; i++) {
            Decision peek = decide(subject, key("a"), policy, 0);
            assertFalse(peek.limited());
            assertEquals(3, peek.remaining());
        }
        assertEquals(before, store.state(key("a")));
        Decision theRest = decide(subject, key("a"), policy, 3);
        assertFalse(theRest.limited(), "the peeks took nothing");
        assertEquals(0, theRest.remaining());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    @Execution(ExecutionMode.CONCURRENT)
    void aDenialLeavesTheStateAsItWas(Subject subject) {
        Store store = subject.store();
        Policy policy = policy(subject.algorithm(), 5, HOUR);
        decide(subject, key("a"), policy, 4);
        Object before = store.state(key("a"));
        for (int i = 0; i < 3; i++) {
            assertTrue(decide(subject, key("a"), policy, 2).limited());
        }
        assertEquals(before, store.state(key("a")));
        assertEquals(0, decide(subject, key("a"), policy, 1).remaining(), "the unit left before the denials is still there");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    @Execution(ExecutionMode.CONCURRENT)
    void everyKeyWrittenIsOneItWasGivenAndExpires(Subject subject) {
        Store store = subject.store();
        Policy policy = policy(subject.algorithm(), 5, 60);
        decide(subject, key("a"), policy, 1);
        decide(subject, key("a"), policy, 3);
        decide(subject, key("a"), policy, 3);
        decide(subject, key("b"), policy, 5);
        decide(subject, key("c"), policy, 0);
        decide(subject, key("d"), policy, 9);

        assertEquals(Set.of(key("a"), key("b")), store.keys("rl:" + tag + ":"));
        for (String key : List.of(key("a"), key("b"))) {
            long ttl = store.millisToLive(key);
            assertTrue(ttl > 0 && ttl <= 2 * 60_000, key + " expires in " + ttl + " ms");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    @Execution(ExecutionMode.CONCURRENT)
    void afterWaitingRetryAfterTheRequestIsAllowed(Subject subject) throws InterruptedException {
        Policy policy = policy(subject.algorithm(), 2, 1);
        Decision denied = untilDenied(subject, key("a"), policy);
        assertTrue(denied.retryAfterMillis() > 0 && denied.retryAfterMillis() <= 2_000, denied.toString());

        Thread.sleep(denied.retryAfterMillis());

        Decision allowed = decide(subject, key("a"), policy, 1);
        assertFalse(allowed.limited(), "a caller that waits Retry-After is let in: " + allowed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    @Execution(ExecutionMode.CONCURRENT)
    void afterResetAfterTheWholeLimitIsBack(Subject subject) throws InterruptedException {
        Policy policy = policy(subject.algorithm(), 2, 1);
        Decision denied = untilDenied(subject, key("a"), policy);
        assertTrue(denied.resetAfterMillis() >= denied.retryAfterMillis() && denied.resetAfterMillis() <= 2_000, denied.toString());

        Thread.sleep(denied.resetAfterMillis());

        assertEquals(new Decision(false, 2, 2, -1, 0), decide(subject, key("a"), policy, 0));
    }

    /** Takes single units until refused; with refills running, that may take more calls than the limit. */
    static Decision untilDenied(Subject subject, String key, Policy policy) {
        for (int i = 0; i < 50; i++) {
            Decision decision = decide(subject, key, policy, 1);
            if (decision.limited()) {
                return decision;
            }
        }
        throw new AssertionError("never denied");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    @Execution(ExecutionMode.CONCURRENT)
    void simultaneousCallsLetExactlyTheLimitThrough(Subject subject) throws Exception {
        Policy policy = policy(subject.algorithm(), 7, HOUR);
        List<Callable<Decision>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(() -> decide(subject, key("a"), policy, 1));
        }
        long allowed = 0;
        try (ExecutorService threads = Executors.newFixedThreadPool(32)) {
            for (Future<Decision> decision : threads.invokeAll(calls)) {
                allowed += decision.get().limited() ? 0 : 1;
            }
        }
        assertEquals(7, allowed);
        assertEquals(0, decide(subject, key("a"), policy, 0).remaining());
    }


    /** The subject's algorithm holds one unit; two limits of other algorithms hold plenty. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    @Execution(ExecutionMode.CONCURRENT)
    void whenOneLimitDeniesNoLimitIsConsumed(Subject subject) {
        Store store = subject.store();
        Policy tight = policy(subject.algorithm(), 1, HOUR);
        List<Policy> roomy = otherAlgorithms(subject.algorithm()).stream().limit(2).map(other -> policy(other, 100, HOUR)).toList();
        List<String> keys = List.of(key("tight"), key("roomy-1"), key("roomy-2"));
        List<Policy> policies = List.of(tight, roomy.get(0), roomy.get(1));

        List<Decision> first = store.decide(keys, policies, 1);
        assertEquals(List.of(0L, 99L, 99L), first.stream().map(Decision::remaining).toList());
        assertTrue(first.stream().noneMatch(Decision::limited));

        List<Object> before = keys.stream().map(store::state).toList();
        List<Decision> denied = store.decide(keys, policies, 1);
        assertTrue(denied.get(0).limited());
        for (Decision untouched : denied.subList(1, 3)) {
            assertEquals(new Decision(false, 100, 99, -1, untouched.resetAfterMillis()), untouched, "reported as a peek");
        }
        List<Decision> deniedLast = store.decide(keys.reversed(), policies.reversed(), 1);
        assertTrue(deniedLast.get(2).limited());
        assertEquals(List.of(99L, 99L), deniedLast.subList(0, 2).stream().map(Decision::remaining).toList());
        assertEquals(before, keys.stream().map(store::state).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    @Execution(ExecutionMode.CONCURRENT)
    void whenEveryLimitAllowsEachIsConsumed(Subject subject) {
        Store store = subject.store();
        List<Policy> policies = new ArrayList<>();
        policies.add(policy(subject.algorithm(), 10, HOUR));
        otherAlgorithms(subject.algorithm()).stream().limit(2).map(other -> policy(other, 20, 60)).forEach(policies::add);
        List<String> keys = List.of(key("a"), key("b"), key("c"));

        store.decide(keys, policies, 2);
        List<Decision> second = store.decide(keys, policies, 3);

        assertEquals(List.of(5L, 15L, 15L), second.stream().map(Decision::remaining).toList());
        assertEquals(List.of(10L, 20L, 20L), second.stream().map(Decision::limit).toList());
        for (String key : keys) {
            assertTrue(store.millisToLive(key) > 0, key);
        }
    }

    static List<Algorithm> otherAlgorithms(Algorithm algorithm) {
        List<Algorithm> all = Arrays.asList(Algorithm.values());
        int at = all.indexOf(algorithm);
        List<Algorithm> others = new ArrayList<>(all.subList(at + 1, all.size()));
        others.addAll(all.subList(0, at));
        return others;
    }

    /** Each file also runs alone with its own ARGV (the same parameters, then the cost), on the same state. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("redisSubjects")
    @Execution(ExecutionMode.CONCURRENT)
    void eachFileRunsAloneWithItsParametersThenTheCost(Subject subject) {
        UnifiedJedis redis = ((RedisUnderTest) subject.store()).client().get();
        Policy policy = policy(subject.algorithm(), 3, HOUR);
        LuaScript alone = new LuaScript(subject.algorithm().script());
        List<String> parameters = subject.algorithm().arguments(policy).stream().map(String::valueOf).toList();
        List<String> withCost = Stream.concat(parameters.stream(), Stream.of("2")).toList();

        assertEquals(2, Decision.of((List<?>) alone.run(redis, List.of(key("a")), parameters)).remaining(), "the cost defaults to 1");
        assertEquals(1, decide(subject, key("a"), policy, 1).remaining());
        Decision denied = Decision.of((List<?>) alone.run(redis, List.of(key("a")), withCost));
        assertTrue(denied.limited());
        assertEquals(1, denied.remaining());
        assertEquals(0, Decision.of((List<?>) alone.run(redis, List.of(key("a")), parameters)).remaining());
    }

    // The fixed window's own clock: its counter's expiry.

    Decision fixedWindow(Store store, long limit, long windowSeconds) {
        return decide(store, key("fixed"), new Policy("contract", limit, windowSeconds), 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    @Execution(ExecutionMode.CONCURRENT)
    void aFixedWindowStartsAtTheFirstRequestAndItsCounterExpiresWithIt(Store store) {
        assertEquals(new Decision(false, 5, 4, -1, 60_000), fixedWindow(store, 5, 60));
        long ttl = store.millisToLive(key("fixed"));
        assertTrue(ttl > 59_000 && ttl < 60_000, "ttl " + ttl);
        for (int i = 0; i < 4; i++) {
            fixedWindow(store, 5, 60);
        }
        Decision denied = fixedWindow(store, 5, 60);
        assertTrue(denied.limited());
        assertEquals(denied.retryAfterMillis(), denied.resetAfterMillis());
        assertTrue(denied.retryAfterMillis() > ttl - 10_000 && denied.retryAfterMillis() <= ttl + 1, denied.toString());
        if (store instanceof RedisUnderTest redis) {
            assertEquals("5", redis.client().get().get(key("fixed")));
        }
    }

    /** Such a counter would never expire; a denial may not write, so it is read as no window and replaced. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("redisClients")
    @Execution(ExecutionMode.CONCURRENT)
    void aFixedWindowCounterWithoutExpiryCountsAsNoWindow(RedisUnderTest under) {
        UnifiedJedis redis = under.client().get();
        redis.set(key("fixed"), "5");
        assertEquals(new Decision(false, 5, 4, -1, 60_000), fixedWindow(under, 5, 60));
        assertEquals("1", redis.get(key("fixed")));
        assertTrue(redis.pttl(key("fixed")) > 0);
    }

    // GCRA as redis-cell's CL.THROTTLE: its arguments (max_burst count_per_period period [quantity]), its answers in ms.

    Decision throttle(Store store, long maxBurst, long count, long period, long quantity) {
        return decide(store, key("cell"), new Policy("contract", Algorithm.GCRA, count, period, maxBurst + 1), quantity);
    }

    /** redis-cell's it_rate_limits case: (at ms after the first request, quantity, limited, remaining, reset_after, retry_after). */
    record Case(int number, long atMillis, long quantity, boolean limited, long remaining, long resetAfterMillis, long retryAfterMillis) {
    }

    static final List<Case> REDIS_CELL_CASES = List.of(
            new Case(0, 0, 6, true, 5, 0, -1),
            new Case(1, 0, 1, false, 4, 1000, -1),
            new Case(2, 0, 1, false, 3, 2000, -1),
            new Case(3, 0, 1, false, 2, 3000, -1),
            new Case(4, 0, 1, false, 1, 4000, -1),
            new Case(5, 0, 1, false, 0, 5000, -1),
            new Case(6, 0, 1, true, 0, 5000, 1000),
            new Case(7, 3000, 1, false, 2, 3000, -1),
            new Case(8, 3100, 1, false, 1, 3900, -1),
            new Case(9, 4000, 1, false, 1, 4000, -1),
            new Case(10, 8000, 1, false, 4, 1000, -1),
            new Case(11, 9500, 1, false, 4, 1000, -1),
            new Case(12, 9500, 0, false, 4, 1000, -1),
            new Case(13, 9500, 2, false, 2, 3000, -1),
            new Case(14, 9500, 5, true, 2, 3000, 3000));

    /**
     * redis-cell's table (max_burst 4, 1 per second) on Redis's real clock: a case runs at least atMillis after
     * case 1, and late by at most what the test measured, so its times may fall short of redis-cell's by that much.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    @Execution(ExecutionMode.CONCURRENT)
    void gcraAnswersLikeRedisCellOnItsTestCases(Store store) throws InterruptedException {
        long beforeFirst = 0;
        long afterFirst = 0;
        for (Case expected : REDIS_CELL_CASES) {
            if (expected.number() == 1) {
                beforeFirst = System.nanoTime();
            } else if (expected.number() > 1) {
                long due = afterFirst + expected.atMillis() * 1_000_000;
                Thread.sleep(Math.max(0, (due - System.nanoTime() + 999_999) / 1_000_000));
            }
            Decision actual = throttle(store, 4, 1, 1, expected.quantity());
            long late = expected.number() == 0 ? 0 : (System.nanoTime() - beforeFirst) / 1_000_000 - expected.atMillis() + 1;
            if (expected.number() == 1) {
                afterFirst = System.nanoTime();
            }
            String label = "case " + expected.number() + " (late by up to " + late + " ms): " + actual;
            assertEquals(expected.limited(), actual.limited(), label);
            assertEquals(5, actual.limit(), label);
            assertEquals(expected.remaining(), actual.remaining(), label);
            assertWithin(expected.resetAfterMillis(), late, actual.resetAfterMillis(), label);
            if (expected.retryAfterMillis() == -1) {
                assertEquals(-1, actual.retryAfterMillis(), label);
            } else {
                assertWithin(expected.retryAfterMillis(), late, actual.retryAfterMillis(), label);
            }
        }
    }

    static void assertWithin(long expected, long late, long actual, String label) {
        assertTrue(actual <= expected && actual >= expected - late, label);
    }

    /** redis-cell's end-to-end test: no burst, 1 per 2 seconds. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    @Execution(ExecutionMode.CONCURRENT)
    void gcraWithoutBurstAllowsOneThenAsksToWaitAPeriod(Store store) throws InterruptedException {
        assertEquals(new Decision(false, 1, 0, -1, 2000), throttle(store, 0, 1, 2, 1));
        Decision denied = throttle(store, 0, 1, 2, 1);
        assertTrue(denied.limited());
        assertEquals(1, denied.limit());
        assertEquals(0, denied.remaining());
        assertTrue(denied.retryAfterMillis() > 1000 && denied.retryAfterMillis() <= 2000, denied.toString());
        assertEquals(denied.retryAfterMillis(), denied.resetAfterMillis());

        Thread.sleep(denied.retryAfterMillis());

        assertEquals(new Decision(false, 1, 0, -1, 2000), throttle(store, 0, 1, 2, 1));
    }
}
