package com.continentsapi.ratelimit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.constant;
import static org.quicktheories.generators.Generate.frequency;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import com.continentsapi.ratelimit.entity.Algorithm;
import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.ratelimit.local.LocalAlgorithms.Stored;
import com.continentsapi.ratelimit.local.LocalLimits;
import com.continentsapi.stack.RedisTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.LongPredicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import redis.clients.jedis.UnifiedJedis;

/**
 * One property for all inputs within the bounds (Algorithm.outOfBounds), extremes included: for random policies of
 * every algorithm and random timelines of costs and waits, the decision script on the stack's standalone Redis and
 * fail mode local's memory (LocalLimits) give the same replies and keep the same state, and neither errors.
 * AlgorithmContractIT's fixed cases hold the meaning of the replies; this holds the two implementations together
 * where nobody thought to write a case.
 * <p>
 * Time: both run on one clock of the test's. The script is the production text behind a prelude that answers TIME
 * with that clock and keeps each key's expiry beside it (a key past it is deleted before the script reads it), so a
 * year-long window passes in one step. Every command still reaches Redis with the script's own arguments, so an
 * argument Redis refuses still fails the property; only a whole positive TTL of SET PX or PEXPIRE is lengthened by a
 * minute, so that Redis's ms rounding cannot delete the key before PERSIST (see lengthened).
 * <p>
 * The generators weigh the extremes themselves (1, the largest the bounds allow and one less, windows of 1 s and a
 * year, costs of 0, the capacity, one more and the largest limit). QuickTheories adds only three cases of its own
 * before the random ones: every choice at its shrink target, at its least, at its greatest.
 * <p>
 * A failure prints the smallest falsifying Case it shrank to, the assertion that broke it (which step, which reply)
 * and the seed. Replay that run with {@code -DQT_SEED=<seed>} on the Maven command line (Failsafe hands it to the
 * test JVM), or with {@code qt().withFixedSeed(<seed>)} here while you debug. Its shrinking shortens a list from the
 * end only, so a shrunk case may keep harmless policies or steps (costs of 0) before the one that matters.
 */
class AlgorithmPropertiesIT {

    static final String CLOCK = """
            local real = redis
            local now_us = tonumber(ARGV[#ARGV])
            local now_ms = math.floor(now_us / 1000)
            local function expiry(key) return key .. ':expires' end
            for _, key in ipairs(KEYS) do
                local at = tonumber(real.call('GET', expiry(key)))
                if at and now_ms > at then
                    real.call('DEL', key, expiry(key))
                end
            end
            local function expires(key, ms)
                if real.call('EXISTS', key) == 1 then
                    real.call('PERSIST', key)
                    real.call('SET', expiry(key), string.format('%d', now_ms + ms))
                else
                    real.call('DEL', expiry(key))
                end
            end
            -- Redis sets a TTL on its ms clock, then checks it against a second read of that clock: a TTL of 1 ms
            -- deletes the key at once when the ms turns in between (about 1 in 10,000 calls). A whole positive TTL
            -- reaches Redis a minute longer, as PERSIST follows; any other goes as the script wrote it.
            local function lengthened(ms)
                if type(ms) == 'number' and ms >= 1 and ms == math.floor(ms) and ms < 2^53 then
                    return ms + 60000
                end
                return ms
            end
            local redis = {call = function(command, key, ...)
                local args = {...}
                if command == 'TIME' then
                    return {string.format('%d', math.floor(now_us / 1000000)), string.format('%d', now_us % 1000000)}
                elseif command == 'PTTL' then
                    if real.call('EXISTS', key) == 0 then return -2 end
                    local at = tonumber(real.call('GET', expiry(key)))
                    if not at then return -1 end
                    return at - now_ms
                elseif command == 'SET' and args[2] == 'PX' then
                    local ms = args[3]
                    args[3] = lengthened(ms)
                    local reply = real.call(command, key, unpack(args))
                    expires(key, tonumber(ms))
                    return reply
                elseif command == 'PEXPIRE' then
                    local ms = args[1]
                    args[1] = lengthened(ms)
                    local reply = real.call(command, key, unpack(args))
                    expires(key, tonumber(ms))
                    return reply
                end
                return real.call(command, key, ...)
            end}
            """;
    static final LuaScript ON_THE_TESTS_CLOCK = new LuaScript(Stream.concat(Stream.of(CLOCK), DecisionScript.texts().stream()).toList());
    static final DecisionScript SCRIPT = new DecisionScript();
    static final long START_MIN = 1_700_000_000_000_000L;
    static final long START_MAX = 2_000_000_000_000_000L;

    record Step(long advanceMicros, long cost) {
    }

    record Case(long startMicros, List<Policy> policies, List<Step> steps) {
    }

    @Test
    void redisAndLocalMemoryAnswerAlikeForEveryPolicyWithinTheBounds() {
        Map<String, Integer> seen = new TreeMap<>();
        qt().withExamples(200).forAll(cases()).checkAssert(example -> {
            int denied = answerAlike(example);
            seen.merge("algorithm " + example.policies().getFirst().algorithm(), 1, Integer::sum);
            seen.merge("policies " + example.policies().size(), 1, Integer::sum);
            seen.merge("steps denied: " + (denied > 0 ? "some" : "none"), 1, Integer::sum);
        });
        System.out.println("AlgorithmPropertiesIT cases: " + seen);
    }

    /** What the property found first, shrunk: LocalAlgorithms multiplied the cost by the window in a long, and let it in. */
    @Test
    void aCostOfTheLargestLimitUnderADailySlidingWindowOfOne() {
        answerAlike(new Case(START_MIN, List.of(new Policy("property", Algorithm.SLIDING_WINDOW, 1, 86_400, 1)), List.of(new Step(0, Policy.MAX_UNITS))));
    }

    /** How many of the example's steps were denied. */
    static int answerAlike(Case example) {
        UnifiedJedis redis = RedisTopology.STANDALONE.sharedClient();
        String tag = "{properties-" + UUID.randomUUID() + "}";
        List<Policy> policies = example.policies();
        List<String> keys = IntStream.range(0, policies.size()).mapToObj(i -> "rl:" + tag + ":" + i).toList();
        long[] now = {example.startMicros()};
        LocalLimits local = new LocalLimits(100, () -> now[0]);
        int denied = 0;
        try {
            for (int i = 0; i < example.steps().size(); i++) {
                Step step = example.steps().get(i);
                now[0] += step.advanceMicros();
                List<String> args = new ArrayList<>(SCRIPT.arguments(keys, policies, step.cost()));
                args.add(Long.toString(now[0]));
                List<Decision> inRedis = DecisionScript.decisions(ON_THE_TESTS_CLOCK.run(redis, keys, args));
                List<Decision> inMemory = local.decide(keys, policies, step.cost());
                String label = "step " + i + " at " + now[0] + " us, cost " + step.cost();
                assertEquals(inMemory, inRedis, label);
                denied += inRedis.stream().anyMatch(Decision::limited) ? 1 : 0;
                for (int k = 0; k < keys.size(); k++) {
                    sane(policies.get(k), inRedis.get(k), label);
                    assertEquals(local.state(keys.get(k)), stored(redis, policies.get(k).algorithm(), keys.get(k), now[0] / 1000), label + ", state of " + k);
                }
            }
            return denied;
        } finally {
            redis.del(Stream.concat(keys.stream(), keys.stream().map(key -> key + ":expires")).toArray(String[]::new));
        }
    }

    /** What a reply may be, whichever store gave it: no overflow can pass these unnoticed. */
    static void sane(Policy policy, Decision decision, String label) {
        String why = label + ": " + decision + " under " + policy;
        assertEquals(policy.capacity(), decision.limit(), why);
        assertTrue(decision.remaining() >= 0 && decision.remaining() <= decision.limit(), why);
        assertTrue(decision.resetAfterMillis() >= 0 && decision.resetAfterMillis() <= 2 * Policy.MAX_SECONDS * 1000, why);
        if (decision.limited()) {
            assertTrue(decision.retryAfterMillis() == -1 || decision.retryAfterMillis() > 0 && decision.retryAfterMillis() <= decision.resetAfterMillis(), why);
        } else {
            assertEquals(-1, decision.retryAfterMillis(), why);
        }
    }

    /** The key as LocalLimits keeps it: the values in the Lua file's order, and the last ms it exists. */
    static Optional<Stored> stored(UnifiedJedis redis, Algorithm algorithm, String key, long nowMillis) {
        String at = redis.get(key + ":expires");
        if (!redis.exists(key) || at == null || nowMillis > Long.parseLong(at)) {
            return Optional.empty();
        }
        List<String> values = switch (algorithm) {
            case FIXED_WINDOW, GCRA -> List.of(redis.get(key));
            case SLIDING_WINDOW -> redis.hmget(key, "window", "current", "previous");
            case TOKEN_BUCKET -> redis.hmget(key, "level", "at");
        };
        return Optional.of(new Stored(values.stream().map(Long::parseLong).toList(), Long.parseLong(at)));
    }

    static Gen<Case> cases() {
        return lists().of(policy()).ofSizeBetween(1, 3).flatMap(policies -> lists().of(steps(policies.getFirst())).ofSizeBetween(1, 20)
                .flatMap(steps -> longs().between(START_MIN, START_MAX).map(start -> new Case(start, policies, steps))));
    }

    /**
     * Window, then limit, then burst, each anywhere from 1 to the largest the algorithm takes with the others; and
     * sometimes one instance's share of it in fail mode local (LocalFallback: limit and burst divided, rounded up),
     * which may pass the bounds a little and must still compute.
     */
    static Gen<Policy> policy() {
        return pick(List.of(Algorithm.values())).flatMap(algorithm -> window().flatMap(window -> {
            long maxLimit = largest(limit -> algorithm.outOfBounds(limit, window, 1).isEmpty());
            return units(maxLimit).flatMap(limit -> {
                long maxBurst = largest(burst -> algorithm.outOfBounds(limit, window, burst).isEmpty());
                return units(maxBurst).flatMap(burst -> pick(List.of(1, 1, 1, 2, 3, 7)).map(instances -> new Policy("property", algorithm,
                        Math.ceilDiv(limit, instances), window, Math.ceilDiv(burst, instances))));
            });
        }));
    }

    static Gen<Long> window() {
        long year = Policy.MAX_SECONDS;
        return frequency(
                Pair.of(2, constant(1L)), Pair.of(1, constant(2L)), Pair.of(2, constant(60L)),
                Pair.of(1, constant(86_400L)), Pair.of(2, constant(year)), Pair.of(1, constant(year - 1)),
                Pair.of(3, longs().between(1, year)));
    }

    static Gen<Long> units(long max) {
        return frequency(
                Pair.of(2, constant(1L)), Pair.of(3, constant(max)), Pair.of(1, constant(Math.max(1, max - 1))),
                Pair.of(3, longs().between(1, Math.min(max, 10))), Pair.of(3, longs().between(1, max)));
    }

    /** Waits on the first policy's scales (none, under a ms, its emission interval, its window) and costs from 0 to past its capacity. */
    static Gen<Step> steps(Policy policy) {
        long windowMicros = policy.windowSeconds() * 1_000_000;
        long interval = Math.max(1, windowMicros / policy.limit());
        Gen<Long> advance = frequency(
                Pair.of(3, constant(0L)), Pair.of(2, longs().between(1, 2_000)),
                Pair.of(2, longs().between(1, 3 * interval)), Pair.of(1, constant(windowMicros)),
                Pair.of(1, constant(windowMicros - 1000)), Pair.of(2, longs().between(0, 3 * windowMicros)));
        long capacity = policy.capacity();
        Gen<Long> cost = frequency(
                Pair.of(2, constant(0L)), Pair.of(4, constant(1L)), Pair.of(3, longs().between(0, capacity + 1)),
                Pair.of(1, constant(capacity)), Pair.of(1, constant(capacity + 1)), Pair.of(1, constant(Policy.MAX_UNITS)));
        return advance.zip(cost, Step::new);
    }

    /** The largest value from 1 to Policy.MAX_UNITS that passes, for a test that holds from 1 up to some bound. */
    static long largest(LongPredicate within) {
        long low = 1;
        long high = Policy.MAX_UNITS;
        while (low < high) {
            long middle = low + (high - low + 1) / 2;
            if (within.test(middle)) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }
}
