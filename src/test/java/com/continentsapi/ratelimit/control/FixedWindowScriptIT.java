package com.continentsapi.ratelimit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.stack.StackSession;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The fixed-window script against a real Redis: the contract the filter relies on. */
class FixedWindowScriptIT {

    static final LuaScript SCRIPT = new LuaScript("ratelimit/fixed-window.lua");
    final RedisClient redis = StackSession.stack().redis();
    String key;

    @BeforeEach
    void freshKey() {
        key = "rl:{script-" + UUID.randomUUID() + "}:default";
    }

    Decision decide(long limit, long windowSeconds) {
        return Decision.of((List<?>) SCRIPT.run(redis, List.of(key), List.of(Long.toString(limit), Long.toString(windowSeconds))));
    }

    @Test
    void allowsTheLimitThenDeniesWithoutConsuming() {
        for (int i = 1; i <= 5; i++) {
            Decision allowed = decide(5, 60);
            assertEquals(new Decision(false, 5, 5 - i, -1, allowed.resetAfterMillis()), allowed);
            assertTrue(allowed.resetAfterMillis() > 0 && allowed.resetAfterMillis() <= 60_000);
        }
        for (int i = 0; i < 3; i++) {
            Decision denied = decide(5, 60);
            assertTrue(denied.limited());
            assertEquals(0, denied.remaining());
            assertTrue(denied.retryAfterMillis() > 0 && denied.retryAfterMillis() <= 60_000, denied.toString());
            assertEquals(denied.retryAfterMillis(), denied.resetAfterMillis());
        }
        assertEquals("5", redis.get(key));
    }

    @Test
    void theCounterAlwaysExpiresWithTheWindow() {
        decide(5, 60);
        long ttl = redis.pttl(key);
        assertTrue(ttl > 59_000 && ttl <= 60_000, "ttl " + ttl);
    }

    /** Such a counter would never expire; a denial may not write, so it is read as no window and replaced. */
    @Test
    void aCounterLeftWithoutExpiryCountsAsNoWindow() {
        redis.set(key, "5");
        assertEquals(4, decide(5, 60).remaining());
        long ttl = redis.pttl(key);
        assertTrue(ttl > 0 && ttl <= 60_000, "ttl " + ttl);
    }

    @Test
    void aNewWindowStartsWhenTheOldOneExpires() throws InterruptedException {
        decide(2, 1);
        decide(2, 1);
        Decision denied = decide(2, 1);
        assertTrue(denied.limited());

        Thread.sleep(denied.retryAfterMillis() + 50);

        Decision allowed = decide(2, 1);
        assertEquals(false, allowed.limited());
        assertEquals(1, allowed.remaining());
    }

    @Test
    void runsAgainAfterRedisForgetsTheScript() {
        decide(5, 60);
        redis.scriptFlush();
        assertEquals(3, decide(5, 60).remaining());
    }

    @Test
    void simultaneousCallsLetExactlyTheLimitThrough() throws Exception {
        List<Callable<Decision>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(() -> decide(7, 60));
        }
        long allowed;
        try (ExecutorService threads = Executors.newFixedThreadPool(32)) {
            allowed = 0;
            for (Future<Decision> decision : threads.invokeAll(calls)) {
                allowed += decision.get().limited() ? 0 : 1;
            }
        }
        assertEquals(7, allowed);
        assertEquals("7", redis.get(key));
    }
}
