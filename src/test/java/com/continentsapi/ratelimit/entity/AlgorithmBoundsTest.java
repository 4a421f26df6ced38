package com.continentsapi.ratelimit.entity;

import static com.continentsapi.ratelimit.entity.Algorithm.FIXED_WINDOW;
import static com.continentsapi.ratelimit.entity.Algorithm.GCRA;
import static com.continentsapi.ratelimit.entity.Algorithm.SLIDING_WINDOW;
import static com.continentsapi.ratelimit.entity.Algorithm.TOKEN_BUCKET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each algorithm refuses, by name of the bound, what its script and LocalAlgorithms could not compute exactly. */
class AlgorithmBoundsTest {

    static final long TERA = 1_000_000_000_000L;
    static final long DAY = 86_400;
    static final long YEAR = 365 * DAY;

    static String refusal(Algorithm algorithm, long limit, long window, long burst) {
        Optional<String> bound = algorithm.outOfBounds(limit, window, burst);
        assertTrue(bound.isPresent(), algorithm.id() + " " + limit + "/" + window + " s, burst " + burst + " was accepted");
        return bound.get();
    }

    static void accepted(Algorithm algorithm, long limit, long window, long burst) {
        assertEquals(Optional.empty(), algorithm.outOfBounds(limit, window, burst), algorithm.id() + " " + limit + "/" + window + " s, burst " + burst);
    }

    @Test
    void gcraRefusesMoreThanOneUnitPerMillisecondTheEmissionIntervalOfZeroThatBrokeItsScript() {
        String refusal = refusal(GCRA, TERA, 60, TERA);
        assertTrue(refusal.startsWith("limit must be at most window × 1000 for gcra"), refusal);
        assertTrue(refusal.contains("got limit 1000000000000, window 60 s"), refusal);
        refusal(GCRA, TERA, 11 * DAY, 1);
        accepted(GCRA, 60_000, 60, 1);
        refusal(GCRA, 60_001, 60, 1);
    }

    @Test
    void gcraRefusesABurstThatWouldTakeMoreThanAYearToComeBack() {
        assertTrue(refusal(GCRA, 1, YEAR, 2).startsWith("burst × window / limit must be at most 31536000 for gcra"));
        accepted(GCRA, 1, YEAR, 1);
        accepted(GCRA, 60_000, 60, 31_536_000_000L);
        refusal(GCRA, 60_000, 60, 31_536_000_001L);
        refusal(GCRA, 1, 60, TERA);
    }

    @Test
    void theSlidingWindowRefusesALimitTimesWindowBeyondItsExactArithmetic() {
        String refusal = refusal(SLIDING_WINDOW, TERA, DAY, TERA);
        assertTrue(refusal.startsWith("limit × window must be at most 2251799813685 for sliding-window"), refusal);
        accepted(SLIDING_WINDOW, TERA, 2, 1);
        refusal(SLIDING_WINDOW, TERA, 3, 1);
        accepted(SLIDING_WINDOW, 71_404, YEAR, 1);
        refusal(SLIDING_WINDOW, 71_405, YEAR, 1);
    }

    @Test
    void theTokenBucketRefusesABurstTimesWindowBeyondItsExactArithmeticAndARefillLongerThanAYear() {
        assertTrue(refusal(TOKEN_BUCKET, TERA, DAY, TERA).startsWith("burst × window must be at most 2251799813685 for token-bucket"));
        accepted(TOKEN_BUCKET, TERA, 2, TERA);
        refusal(TOKEN_BUCKET, TERA, 3, TERA);
        accepted(TOKEN_BUCKET, 71_404, YEAR, 71_404);
        assertTrue(refusal(TOKEN_BUCKET, 1, YEAR, 2).startsWith("burst × window / limit must be at most 31536000 for token-bucket"));
        accepted(TOKEN_BUCKET, TERA, 1, 1);
    }

    @Test
    void theFixedWindowTakesEveryLimitAndWindowUpToTheCommonMaxima() {
        accepted(FIXED_WINDOW, TERA, YEAR, TERA);
        accepted(FIXED_WINDOW, 1, 1, 1);
    }

    @Test
    void everyAlgorithmRefusesValuesOutsideTheCommonMaxima() {
        for (Algorithm algorithm : Algorithm.values()) {
            assertEquals("limit must be 1 to 1000000000000; got limit 1000000000001, window 1 s, burst 1", refusal(algorithm, TERA + 1, 1, 1));
            assertEquals("window must be 1 to 31536000 s; got limit 1, window 31536001 s, burst 1", refusal(algorithm, 1, YEAR + 1, 1));
            assertEquals("burst must be 1 to 1000000000000; got limit 1, window 1 s, burst 0", refusal(algorithm, 1, 1, 0));
        }
    }

    @Test
    void aPolicyOutOfBoundsIsRefusedWithItsBoundAndOneWithinIsItself() {
        Policy tooFast = new Policy("fast", GCRA, TERA, 60, TERA);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, tooFast::withinBounds);
        assertTrue(refused.getMessage().startsWith("limit must be at most window × 1000 for gcra"), refused.getMessage());
        Policy fine = new Policy("fine", GCRA, 10, 60, 3);
        assertEquals(fine, fine.withinBounds());
    }
}
