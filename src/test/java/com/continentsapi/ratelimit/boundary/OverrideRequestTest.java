package com.continentsapi.ratelimit.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.continentsapi.ratelimit.entity.PolicyOverride;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OverrideRequestTest {

    static final long NOW = 1_800_000_000_000L;

    @Test
    void aLimitAloneKeepsThePolicysWindowAndNeverExpires() {
        assertEquals(new PolicyOverride("minute", 1000, null, null, null), OverrideRequest.parse("minute", "{\"limit\": 1000}", NOW));
    }

    @Test
    void everyFieldAndATtlThatEndsTheOverride() {
        assertEquals(new PolicyOverride("minute", 1_000_000_000_000L, 60L, 10L, NOW + 2_000),
                OverrideRequest.parse("minute", "{\"limit\": 1000000000000, \"window\": 60, \"burst\": 10, \"ttl\": 2}", NOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "limit=5", "{\"limit\": 5", "[1]", "5", "null", "{}", "{\"window\": 60}",
            "{\"limit\": 0}", "{\"limit\": -1}", "{\"limit\": 1000000000001}", "{\"limit\": 1e30}", "{\"limit\": 2.5}",
            "{\"limit\": \"5\"}", "{\"limit\": null}", "{\"limit\": 5, \"window\": 0}", "{\"limit\": 5, \"window\": \"1m\"}",
            "{\"limit\": 5, \"window\": 31536001}", "{\"limit\": 5, \"window\": -60}", "{\"limit\": 5, \"burst\": 0}",
            "{\"limit\": 5, \"ttl\": 0}", "{\"limit\": 5, \"limt\": 6}", "{\"limit\": 99999999999999999999999}"})
    void aBodyThatIsNoValidOverrideIsABadRequest(String body) {
        assertThrows(IllegalArgumentException.class, () -> OverrideRequest.parse("minute", body, NOW));
    }
}
