package com.continentsapi.ratelimit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.ratelimit.entity.Algorithm;
import com.continentsapi.ratelimit.entity.Policy;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DecisionScriptTest {

    final String source = new DecisionScript().script().source();

    @Test
    void theScriptHoldsEachAlgorithmsFunctionButNotItsStandAlonePart() {
        for (Algorithm algorithm : Algorithm.values()) {
            String definition = "local function " + algorithm.function() + "(key, now_us, ";
            assertEquals(source.indexOf(definition), source.lastIndexOf(definition), algorithm.id());
            assertTrue(source.contains(definition), algorithm.id());
        }
        assertFalse(source.contains(DecisionScript.RUN_ALONE));
        assertFalse(source.contains("\nreturn reply\n"), "no stand-alone tail answers before decide.lua");
    }

    @Test
    void decideKnowsEveryAlgorithmByItsId() {
        for (Algorithm algorithm : Algorithm.values()) {
            Pattern entry = Pattern.compile("\\['" + Pattern.quote(algorithm.id()) + "'\\] = " + algorithm.function() + ",");
            assertTrue(entry.matcher(source).find(), algorithm.id());
        }
    }

    @Test
    void aDecisionNeedsOneKeyPerPolicyAndACostOfAtLeastZero() {
        DecisionScript script = new DecisionScript();
        Policy policy = new Policy("default", 5, 60);
        assertThrows(IllegalArgumentException.class, () -> script.decide(null, List.of(), List.of(), 1));
        assertThrows(IllegalArgumentException.class, () -> script.decide(null, List.of("a", "b"), List.of(policy), 1));
        assertThrows(IllegalArgumentException.class, () -> script.decide(null, List.of("a"), List.of(policy), -1));
    }
}
