package com.continentsapi.ratelimit.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    @Test
    void aUserNameIsHashedIntoKeysOfBoundedLength() {
        String huge = "x".repeat(64 * 1024);
        List<String> keys = LoginThrottle.keys(huge, "192.0.2.1");
        assertEquals(3, keys.size());
        keys.forEach(key -> assertTrue(key.length() < 100, key));
        keys.forEach(key -> assertFalse(key.contains("xxxx"), key));
        assertEquals(keys, LoginThrottle.keys(huge, "192.0.2.1"));
    }

    @Test
    void keysNameTheUserAndClientTheyCountAndShareOneHashTag() {
        List<String> alice = LoginThrottle.keys("alice", "192.0.2.1");
        List<String> aliceElsewhere = LoginThrottle.keys("alice", "192.0.2.2");
        List<String> bob = LoginThrottle.keys("bob", "192.0.2.1");
        assertNotEquals(alice.get(0), aliceElsewhere.get(0));
        assertEquals(alice.get(2), aliceElsewhere.get(2), "one counter per user name, whatever the client");
        assertEquals(alice.get(1), bob.get(1), "one counter per client, whatever the user name");
        assertNotEquals(alice.get(2), bob.get(2));
        alice.forEach(key -> assertTrue(key.startsWith("rl:login:{login}:") && !key.contains("alice"), key));
    }
}
