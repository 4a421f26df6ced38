package com.continentsapi.ratelimit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.continentsapi.ratelimit.entity.Algorithm;
import com.continentsapi.ratelimit.entity.Policy;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/** A caller's counters share one Redis Cluster slot, whatever characters its name holds, so one script may touch them all. */
class CallerKeysTest {

    static final List<Policy> POLICIES = List.of(new Policy("default", Algorithm.FIXED_WINDOW, 5, 60, 5),
            new Policy("hourly", Algorithm.SLIDING_WINDOW, 100, 3600, 100), new Policy("daily", Algorithm.GCRA, 1000, 86400, 10));

    @ParameterizedTest
    @ValueSource(strings = {"alice", "}x", "}", "a}b", "{x}", "}{", "%7D", "ip:198.51.100.7"})
    void everyKeyOfOneCallerHashesToOneSlot(String caller) {
        List<String> keys = CallerKeys.of(caller, POLICIES);
        assertEquals(1, keys.stream().mapToInt(JedisClusterCRC16::getSlot).distinct().count(), caller + ": " + keys);
    }

    @Test
    void aPlainNameReadsAsItIsAndNoTwoCallersShareAKey() {
        assertEquals("rl:{alice}:default", CallerKeys.of("alice", POLICIES).getFirst());
        assertEquals("rl:{ip:198.51.100.7}:default", CallerKeys.of("ip:198.51.100.7", POLICIES).getFirst());
        assertNotEquals(CallerKeys.of("}x", POLICIES), CallerKeys.of("%7Dx", POLICIES));
        assertNotEquals(CallerKeys.of("%x", POLICIES), CallerKeys.of("%25x", POLICIES));
    }
}
