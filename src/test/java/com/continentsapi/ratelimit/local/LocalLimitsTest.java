package com.continentsapi.ratelimit.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.ratelimit.entity.Algorithm;
import com.continentsapi.ratelimit.entity.Outcome;
import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.ratelimit.entity.Rules.Applied;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What fail mode local adds around the algorithms (their answers are AlgorithmContractIT's): bounded memory, expiry,
 * each instance's share of a limit, and counters dropped once Redis answers; on a clock of the test's.
 */
class LocalLimitsTest {

    long micros = 1_800_000_000_000_000L;
    final Policy fivePerMinute = new Policy("default", 5, 60);

    boolean allowed(LocalLimits limits, String key) {
        return !limits.decide(List.of(key), List.of(fivePerMinute), 1).getFirst().limited();
    }

    @Test
    void atMostTheCapacityIsKeptAndTheCounterUsedLongestAgoGoesFirst() {
        LocalLimits limits = new LocalLimits(2, () -> micros);
        allowed(limits, "a");
        allowed(limits, "b");
        allowed(limits, "a");
        allowed(limits, "c");
        assertEquals(Set.of("a", "c"), limits.keys());
    }

    @Test
    void aCounterIsDroppedOnceItsWindowHasPassed() {
        LocalLimits limits = new LocalLimits(100, () -> micros);
        allowed(limits, "a");
        micros += 59_999_000L;
        assertTrue(limits.state("a").isPresent(), "the last ms of the window");
        micros += 1_000L;
        allowed(limits, "b");
        assertEquals(Set.of("b"), limits.keys(), "swept by the next decision");
    }

    @Test
    void aFloodOfNewCallersDoesNotEvictTheCounterOfACallerWhoKeepsComing() {
        LocalLimits limits = new LocalLimits(100, () -> micros);
        for (int i = 0; i < 1_100; i++) {
            if (i == 100) { // the flood has filled the memory when alice starts
                for (int request = 0; request < 5; request++) {
                    assertTrue(allowed(limits, "rl:{alice}:default"));
                }
            }
            allowed(limits, "rl:{one-off-" + i + "}:default");
        }
        assertFalse(allowed(limits, "rl:{alice}:default"), "her 5 requests still count: she does not start afresh");
        assertEquals(100, limits.size());
    }

    @Test
    void aCounterLeavesMemoryWhenItsKeyWouldExpireInRedisWithoutAnotherDecision() {
        LocalLimits limits = new LocalLimits(100, () -> micros);
        allowed(limits, "a");
        micros += 59_999_000L;
        assertEquals(Set.of("a"), limits.keys(), "the last ms of the window");
        micros += 1_000L;
        assertEquals(Set.of(), limits.keys());
        assertEquals(0, limits.size());
    }

    /** As fixed-window-give-back.lua: only to the window that took the unit, never making a counter. */
    @Test
    void aUnitGivenBackReturnsOnlyToTheWindowThatTookIt() {
        LocalLimits limits = new LocalLimits(100, () -> micros);
        allowed(limits, "a");
        micros += 30_000_000L;
        long resetMillis = limits.decide(List.of("a"), List.of(fivePerMinute), 1).getFirst().resetAfterMillis();
        long takenLater = limits.decide(List.of("a"), List.of(fivePerMinute), 1).getFirst().resetAfterMillis();
        limits.giveBack("a", resetMillis);
        assertEquals(Optional.of(List.of(2L)), limits.state("a").map(LocalAlgorithms.Stored::values), "3 taken, 1 given back");

        micros += 30_000_000L; // the window is over
        limits.giveBack("a", takenLater);
        assertTrue(limits.state("a").isEmpty(), "no counter made for an expired window");
        allowed(limits, "a");
        limits.giveBack("a", takenLater);
        assertEquals(Optional.of(List.of(1L)), limits.state("a").map(LocalAlgorithms.Stored::values), "the next window keeps its count");
        limits.giveBack("a", 60_000);
        assertTrue(limits.state("a").isEmpty(), "a counter given back its last unit goes");
    }

    @Test
    void eachInstanceTakesItsShareOfALimitRoundedUpAndNeverBelowOne() {
        LocalFallback two = new LocalFallback(2, 100, () -> micros);
        assertEquals(new Policy("default", Algorithm.FIXED_WINDOW, 3, 60, 3), two.share(fivePerMinute));
        assertEquals(new Policy("one", Algorithm.GCRA, 1, 60, 1), two.share(new Policy("one", Algorithm.GCRA, 1, 60, 1)));
        assertEquals(new Policy("bucket", Algorithm.TOKEN_BUCKET, 4, 60, 7), new LocalFallback(3, 100, () -> micros)
                .share(new Policy("bucket", Algorithm.TOKEN_BUCKET, 10, 60, 20)));
        assertEquals(fivePerMinute, new LocalFallback(1, 100, () -> micros).share(fivePerMinute));
    }

    @Test
    void aLocalDecisionEnforcesTheShareAndTellsThePolicyAsConfigured() {
        LocalFallback local = new LocalFallback(2, 100, () -> micros);
        Applied applied = new Applied(List.of(fivePerMinute), 1);
        for (int i = 1; i <= 3; i++) {
            Outcome.Decided decided = local.decide(List.of("rl:{alice}:default"), applied, true);
            assertTrue(decided.local());
            assertFalse(decided.blocks());
            assertEquals("\"default\";r=" + (3 - i) + ";t=60", decided.verdict().rateLimitField());
        }
        Outcome.Decided denied = local.decide(List.of("rl:{alice}:default"), applied, true);
        assertEquals(429, denied.refusal().orElseThrow().problem().status());
        assertEquals("\"default\";q=5;w=60", denied.applied().policyField());
    }

    @Test
    void theCountersAreDroppedWhenRedisAnswersAgain() {
        LocalFallback local = new LocalFallback(2, 100, () -> micros);
        local.decide(List.of("rl:{alice}:default"), new Applied(List.of(fivePerMinute), 1), true);
        assertEquals(1, local.limits().size());
        local.redisAnswered(List.of("rl:{alice}:default"));
        assertEquals(0, local.limits().size());
    }

    /** While one Cluster shard is down, the answers other callers get from Redis leave its callers' local counts alone. */
    @Test
    void onlyTheKeysRedisAnsweredAreDropped() {
        LocalFallback local = new LocalFallback(1, 100, () -> micros);
        Applied applied = new Applied(List.of(fivePerMinute), 1);
        for (int i = 0; i < 5; i++) {
            local.decide(List.of("rl:{alice}:default"), applied, true);
        }
        local.decide(List.of("rl:{bob}:default"), applied, true);

        local.redisAnswered(List.of("rl:{bob}:default"));

        assertEquals(429, local.decide(List.of("rl:{alice}:default"), applied, true).refusal().orElseThrow().problem().status(),
                "alice's shard is still down: her 5 local requests still count");
        assertEquals("\"default\";r=4;t=60", local.decide(List.of("rl:{bob}:default"), applied, true).verdict().rateLimitField(),
                "bob's local count was dropped: Redis counts him again");
    }
}
