package com.continentsapi.ratelimit.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which problem type each refusal of the limiter carries (draft-ietf-httpapi-ratelimit-headers' three). */
class OutcomeTest {

    final Policy minute = new Policy("minute", 5, 60);
    final Policy day = new Policy("day", 1000, 86_400);
    final Rules.Applied applied = new Rules.Applied(List.of(minute, day), 1);
    final Verdict denied = new Verdict(List.of(minute, day), List.of(new Decision(true, 5, 0, 9_000, 9_000), new Decision(false, 1000, 7, -1, 1_000)));

    @Test
    void aSpentQuotaIsQuotaExceededNamingTheViolatedPolicies() {
        Refusal refusal = new Outcome.Decided(applied, denied, true).refusal().orElseThrow();
        assertEquals(Refusal.TYPES + "quota-exceeded", refusal.problem().type());
        assertEquals(429, refusal.problem().status());
        assertEquals(Map.of("violated-policies", List.of("minute")), refusal.problem().extensions());
        assertEquals(9, refusal.retryAfterSeconds());
    }

    @Test
    void aSpentLoginCounterIsAbnormalUsage() {
        Refusal refusal = new Outcome.LoginChecked(denied, true).refusal().orElseThrow();
        assertEquals(Refusal.TYPES + "abnormal-usage-detected", refusal.problem().type());
        assertEquals(429, refusal.problem().status());
        assertEquals(Map.of("violated-policies", List.of("minute")), refusal.problem().extensions());
        assertTrue(new Outcome.LoginChecked(denied, false).refusal().isEmpty(), "shadow mode never blocks");
    }

    @Test
    void failingClosedIsTemporaryReducedCapacityNamingThePoliciesItCouldNotEnforce() {
        Refusal refusal = new Outcome.Undecided(applied, true, 2).refusal().orElseThrow();
        assertEquals(Refusal.TYPES + "temporary-reduced-capacity", refusal.problem().type());
        assertEquals(503, refusal.problem().status());
        assertEquals(Map.of("violated-policies", List.of("minute", "day")), refusal.problem().extensions());
        assertEquals(2, refusal.retryAfterSeconds());
        assertTrue(new Outcome.Undecided(applied, false, 2).refusal().isEmpty(), "failing open lets it pass");
    }
}
