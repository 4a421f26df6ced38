package com.continentsapi.ratelimit.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.continentsapi.StructuredFields;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictTest {

    final Policy minute = new Policy("minute", 5, 60);
    final Policy day = new Policy("day", Algorithm.TOKEN_BUCKET, 1000, 86_400, 50);

    static Map<String, Map<String, Object>> parse(String field) {
        return StructuredFields.list(field);
    }

    @Test
    void whenAllowedTheFieldShowsThePolicyWithTheFewestUnitsLeft() {
        Verdict verdict = new Verdict(List.of(minute, day), List.of(
                new Decision(false, 5, 3, -1, 30_000), new Decision(false, 50, 2, -1, 3_000)));
        assertEquals(Map.of("day", Map.of("r", 2L, "t", 3L)), parse(verdict.rateLimitField()));
        assertEquals(List.of(), verdict.violated());
        assertEquals(0, verdict.retryAfterSeconds());
    }

    @Test
    void whenDeniedTheFieldShowsTheViolatedPolicyThatMakesTheCallerWaitLongest() {
        Verdict verdict = new Verdict(List.of(minute, day), List.of(
                new Decision(true, 5, 0, 20_500, 20_500), new Decision(true, 50, 0, 1_700, 90_000)));
        assertEquals(Map.of("minute", Map.of("r", 0L, "t", 21L)), parse(verdict.rateLimitField()));
        assertEquals(List.of("minute", "day"), verdict.violated());
        assertEquals(21, verdict.retryAfterSeconds());
    }

    @Test
    void theAllowedPolicyOfADeniedRequestIsNotShown() {
        Verdict verdict = new Verdict(List.of(minute, day), List.of(
                new Decision(false, 5, 0, -1, 100), new Decision(true, 50, 0, 1_000, 1_000)));
        assertEquals("day", parse(verdict.rateLimitField()).keySet().iterator().next());
        assertEquals(List.of("day"), verdict.violated());
    }

    @Test
    void thePolicyFieldListsEveryPolicyAsAStructuredFieldList() {
        String field = new Rules.Applied(List.of(minute, day), 1).policyField();
        assertEquals(Map.of("q", 5L, "w", 60L), parse(field).get("minute"));
        assertEquals(Map.of("q", 1000L, "w", 86_400L), parse(field).get("day"));
        assertEquals(List.of("minute", "day"), List.copyOf(parse(field).keySet()));
    }

    @Test
    void numbersAreIntegersNotDecimals() {
        Object t = parse(RateLimitFields.rateLimit(minute, new Decision(false, 5, 4, -1, 59_001))).get("minute").get("t");
        assertEquals(60L, t, "t=" + t + (t instanceof BigDecimal ? " is a decimal" : ""));
    }
}
