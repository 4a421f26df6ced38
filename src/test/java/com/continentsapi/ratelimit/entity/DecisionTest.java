package com.continentsapi.ratelimit.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        assertEquals("\"default\";q=5;w=60", policy.header());
        assertEquals("\"default\";r=3;t=42", new Decision(false, 5, 3, -1, 41_200).header(policy));
    }

    @Test
    void aPolicyNeedsALimitAndAWindow() {
        assertThrows(IllegalArgumentException.class, () -> new Policy("default", 0, 60));
        assertThrows(IllegalArgumentException.class, () -> new Policy("default", 5, 0));
    }
}
