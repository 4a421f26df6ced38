package com.continentsapi.ratelimit.overrides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.continentsapi.ratelimit.entity.Algorithm;
import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.ratelimit.entity.PolicyOverride;
import com.continentsapi.ratelimit.entity.Rules.Applied;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OverridesTest {

    static final Policy MINUTE = new Policy("minute", Algorithm.TOKEN_BUCKET, 5, 60, 3);
    static final Policy DAY = new Policy("day", 100, 86_400);
    static final Applied BOTH = new Applied(List.of(MINUTE, DAY), 2);

    long now = 1_000;
    final Overrides overrides = new Overrides();

    {
        overrides.epochMillis = () -> now;
    }

    @Test
    void aUserWithoutOverridesKeepsTheRequestsPolicies() {
        overrides.replace("bob", List.of(new PolicyOverride("minute", 50, null, null, null)));
        assertSame(BOTH, overrides.applyTo("alice", BOTH));
    }

    @Test
    void anOverrideReplacesItsPolicysParametersAndTheFieldShowsThem() {
        overrides.replace("alice", List.of(new PolicyOverride("minute", 50, null, null, null)));
        Applied applied = overrides.applyTo("alice", BOTH);
        assertEquals(List.of(new Policy("minute", Algorithm.TOKEN_BUCKET, 50, 60, 50), DAY), applied.policies());
        assertEquals(2, applied.cost());
        assertEquals("\"minute\";q=50;w=60, \"day\";q=100;w=86400", applied.policyField());
    }

    @Test
    void aWindowAndABurstOverrideThoseOfThePolicy() {
        overrides.replace("alice", List.of(new PolicyOverride("minute", 50, 10L, 7L, null)));
        assertEquals(new Policy("minute", Algorithm.TOKEN_BUCKET, 50, 10, 7), overrides.applyTo("alice", BOTH).policies().getFirst());
    }

    /** Saved before the bounds existed, or the policy's window or algorithm changed since: the script could not compute it. */
    @Test
    void anOverrideThePolicysAlgorithmCannotComputeLeavesThePolicyAsConfigured() {
        overrides.replace("alice", List.of(new PolicyOverride("minute", 1_000_000_000_000L, null, null, null),
                new PolicyOverride("day", 7, null, null, null)));
        assertEquals(List.of(MINUTE, new Policy("day", 7, 86_400)), overrides.applyTo("alice", BOTH).policies());
    }

    @Test
    void anExpiredOverrideCountsNoMore() {
        overrides.replace("alice", List.of(new PolicyOverride("minute", 50, null, null, 2_000L)));
        assertEquals(50, overrides.applyTo("alice", BOTH).policies().getFirst().limit());
        now = 2_000;
        assertSame(BOTH, overrides.applyTo("alice", BOTH));
        assertEquals(Map.of(), overrides.of("alice"));
    }

    @Test
    void theFirstDecisionAfterAnExpiryToldOfItOnce() {
        List<String> told = new java.util.ArrayList<>();
        overrides.whenExpired(told::add);
        overrides.replace("alice", List.of(new PolicyOverride("minute", 50, null, null, 2_000L), new PolicyOverride("day", 7, null, null, null)));
        overrides.applyTo("alice", BOTH);
        now = 2_000;
        assertEquals(List.of(new Policy("minute", Algorithm.TOKEN_BUCKET, 5, 60, 3), new Policy("day", 7, 86_400)),
                overrides.applyTo("alice", BOTH).policies());
        overrides.applyTo("alice", BOTH);
        assertEquals(List.of("alice"), told);
    }

    @Test
    void replacingEverybodysDropsTheUsersNoLongerListed() {
        overrides.replace("alice", List.of(new PolicyOverride("minute", 50, null, null, null)));
        overrides.replaceAll(Map.of("bob", List.of(new PolicyOverride("day", 7, null, null, null))));
        assertSame(BOTH, overrides.applyTo("alice", BOTH));
        assertEquals(7, overrides.applyTo("bob", BOTH).policies().get(1).limit());
    }

    /** A full reload (the backstop) tells only these users' denials to go. */
    @Test
    void replacingEverybodysNamesTheUsersWhoseOverridesDiffer() {
        PolicyOverride same = new PolicyOverride("day", 7, null, null, null);
        overrides.replace("alice", List.of(new PolicyOverride("minute", 50, null, null, null)));
        overrides.replace("bob", List.of(same));
        overrides.replace("carol", List.of(same));
        assertEquals(Set.of("alice", "carol", "dave"), overrides.replaceAll(Map.of("bob", List.of(same),
                "carol", List.of(new PolicyOverride("day", 8, null, null, null)), "dave", List.of(same))));
        assertEquals(Set.of(), overrides.replaceAll(Map.of("bob", List.of(same),
                "carol", List.of(new PolicyOverride("day", 8, null, null, null)), "dave", List.of(same))));
    }
}
