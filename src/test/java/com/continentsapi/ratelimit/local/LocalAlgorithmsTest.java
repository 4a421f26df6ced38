package com.continentsapi.ratelimit.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.continentsapi.ratelimit.entity.Algorithm;
import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.ratelimit.local.LocalAlgorithms.Stored;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What longs could get wrong where the scripts' doubles do not: inputs far from the usual, within the bounds. */
class LocalAlgorithmsTest {

    static final long NOW_MICROS = 1_800_000_000_000_000L;
    static final long NOW_MILLIS = NOW_MICROS / 1000;
    static final long YEAR = 365 * 86_400L;

    /** A route's cost is bounded by the configured policies, not by an override's smaller limit over a longer window. */
    @Test
    void aCostFarBeyondTheCapacityIsNeverAllowedByAnyAlgorithm() {
        for (Algorithm algorithm : Algorithm.values()) {
            Policy tenAYear = new Policy("yearly", algorithm, 10, YEAR, 10).withinBounds();
            Decision decision = LocalAlgorithms.step(tenAYear, null, NOW_MICROS, 1_000_000_000_000L).reply();
            assertEquals(new Decision(true, 10, 10, -1, 0), decision, algorithm.id());
        }
    }

    /** Its level was stored under a slow policy, hours ago; an override now refills a trillion tokens a second. */
    @Test
    void aTokenBucketLeftLongAgoIsFullUnderAFasterRefill() {
        Stored emptiedThreeHoursAgo = new Stored(List.of(0L, NOW_MILLIS - 3 * 3_600_000), NOW_MILLIS + YEAR * 1000);
        Decision decision = LocalAlgorithms.tokenBucket(emptiedThreeHoursAgo, NOW_MILLIS, 0, 1, 1_000_000_000_000L, 1).reply();
        assertEquals(new Decision(false, 1, 1, -1, 0), decision);
    }
}
