package com.continentsapi.ratelimit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DenialCacheTest {

    final AtomicLong now = new AtomicLong();
    final DenialCache cache = new DenialCache(2, now::get);

    void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void aKeyStaysDeniedUntilItsRetryAfterThenRedisIsAskedAgain() {
        cache.deny("rl:{a}:default", 1, 1_500, cache.generation());
        advanceMillis(1_000);
        assertEquals(Optional.of(500L), cache.deniedFor("rl:{a}:default", 1));
        advanceMillis(500);
        assertEquals(Optional.empty(), cache.deniedFor("rl:{a}:default", 1));
        assertEquals(0, cache.size());
    }

    @Test
    void aSmallerCostOrAPeekIsNotDeniedByALargerOnesDenial() {
        cache.deny("rl:{a}:default", 3, 1_000, cache.generation());
        assertEquals(Optional.empty(), cache.deniedFor("rl:{a}:default", 2));
        assertEquals(Optional.empty(), cache.deniedFor("rl:{a}:default", 0));
        assertEquals(Optional.of(1_000L), cache.deniedFor("rl:{a}:default", 5));
    }

    /** Caffeine drops expired entries on a timer wheel whose finest step is about a second, hence the two. */
    @Test
    void itIsBoundedAndMakesRoomByDroppingExpiredDenials() {
        cache.deny("a", 1, 100, cache.generation());
        cache.deny("b", 1, 100_000, cache.generation());
        advanceMillis(2_000);
        cache.deny("c", 1, 100_000, cache.generation());
        assertEquals(2, cache.size());
        assertEquals(Optional.of(98_000L), cache.deniedFor("b", 1));
        assertEquals(Optional.of(100_000L), cache.deniedFor("c", 1));
    }

    @Test
    void aFullCacheStillCachesANewDenialAndStaysBounded() {
        cache.deny("a", 1, 10_000, cache.generation());
        cache.deny("b", 1, 10_000, cache.generation());
        cache.deny("c", 1, 10_000, cache.generation());
        assertEquals(Optional.of(10_000L), cache.deniedFor("c", 1), "full of unexpired denials, and the newest is cached");
        assertEquals(2, cache.size());
    }

    @Test
    void aFloodOfOneOffDenialsDoesNotEvictADenialThatIsReadOften() {
        DenialCache hundred = new DenialCache(100, now::get);
        for (int i = 0; i < 1_100; i++) {
            if (i == 100) { // the flood has filled the cache when the hot caller is denied, and keeps hitting its denial
                hundred.deny("rl:{hot}:default", 1, 60_000, hundred.generation());
                for (int hits = 0; hits < 20; hits++) {
                    assertEquals(Optional.of(60_000L), hundred.deniedFor("rl:{hot}:default", 1));
                }
            }
            hundred.deny("rl:{one-off-" + i + "}:default", 1, 60_000, hundred.generation());
        }
        assertEquals(Optional.of(60_000L), hundred.deniedFor("rl:{hot}:default", 1), "the hot denial survives the flood");
        assertEquals(100, hundred.size());
    }

    @Test
    void aResetForgetsTheDenial() {
        cache.deny("a", 1, 10_000, cache.generation());
        cache.forget("a");
        assertEquals(Optional.empty(), cache.deniedFor("a", 1));
    }

    @Test
    void sizeZeroSwitchesItOff() {
        DenialCache off = new DenialCache(0, now::get);
        off.deny("a", 1, 10_000, off.generation());
        assertEquals(Optional.empty(), off.deniedFor("a", 1));
    }

    @Test
    void aDenialDecidedBeforeItsKeyChangedIsNotRememberedAfterTheChange() {
        long decisionStarted = cache.generation();
        cache.forget("rl:{a}:default");
        cache.deny("rl:{a}:default", 1, 10_000, decisionStarted);
        assertEquals(Optional.empty(), cache.deniedFor("rl:{a}:default", 1));

        cache.deny("rl:{a}:default", 1, 10_000, cache.generation());
        assertEquals(Optional.of(10_000L), cache.deniedFor("rl:{a}:default", 1), "a decision started after the change counts");
    }

    @Test
    void aChangeForEverybodyVoidsEveryDecisionInFlightAndAnotherKeysChangeNone() {
        long decisionStarted = cache.generation();
        cache.forget("rl:{b}:default");
        cache.deny("rl:{a}:default", 1, 10_000, decisionStarted);
        assertEquals(Optional.of(10_000L), cache.deniedFor("rl:{a}:default", 1), "another user's change");

        long next = cache.generation();
        cache.clear();
        cache.deny("rl:{a}:default", 1, 10_000, next);
        assertEquals(Optional.empty(), cache.deniedFor("rl:{a}:default", 1));
    }
}
