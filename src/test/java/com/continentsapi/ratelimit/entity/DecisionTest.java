package com.continentsapi.ratelimit.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionTest {

    final Policy policy = new Policy("default", 5, 60);

    @Test
    void readsTheScriptsReply() {
        assertEquals(new Decision(true, 5, 0, 1500, 1500), Decision.of(List.of(1L, 5L, 0L, 1500L, 1500L)));
        assertEquals(new Decision(false, 5, 4, -1, 60000), Decision.of(List.of(0L, 5L, 4L, -1L, 60000L)));
    }

    @Test
    void secondsRoundUpSoAClientIsNeverEarly() {
        assertEquals(2, new Decision(true, 5, 0, 1001, 1001).retryAfterSeconds());
        assertEquals(1, new Decision(true, 5, 0, 1, 1).retryAfterSeconds());
        assertEquals(60, new Decision(true, 5, 0, 60000, 60000).retryAfterSeconds());
        assertEquals(0, new Decision(false, 5, 4, -1, 60000).retryAfterSeconds());
    }

    @Test
    void headersFollowTheIetfDraft() {
        assertEquals("\"default\";q=5;w=60", RateLimitFields.policy(List.of(policy)));
        assertEquals("\"default\";r=3;t=42", RateLimitFields.rateLimit(policy, new Decision(false, 5, 3, -1, 41_200)));
    }

    @Test
    void anAllowedDecisionIsNearTheLimitWhenItLeavesTheFractionOrLess() {
        assertFalse(new Decision(false, 5, 2, -1, 1000).nearLimit(0.2));
        assertTrue(new Decision(false, 5, 1, -1, 1000).nearLimit(0.2), "one of five left: a fifth");
        assertTrue(new Decision(false, 5, 0, -1, 1000).nearLimit(0.2), "the last unit taken");
        assertFalse(new Decision(true, 5, 0, 1000, 1000).nearLimit(0.2), "a denial is not near the limit but over it");
        assertFalse(new Decision(false, 1000, 201, -1, 1000).nearLimit(0.2));
        assertTrue(new Decision(false, 1000, 200, -1, 1000).nearLimit(0.2));
        assertFalse(new Decision(false, 5, 1, -1, 1000).nearLimit(0), "0: only the last unit counts");
    }

    @Test
    void aPolicyNeedsALimitAndAWindow() {
        assertThrows(IllegalArgumentException.class, () -> new Policy("default", 0, 60));
        assertThrows(IllegalArgumentException.class, () -> new Policy("default", 5, 0));
    }
}
