package com.continentsapi.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.Deployments;
import com.continentsapi.StandardDeployment;
import com.continentsapi.stack.StackSession;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A Redis that accepts connections but does not answer (DEBUG SLEEP: a stalled process, a full network buffer)
 * holds no request longer than one Redis timeout; after a few such calls the circuit breaker skips Redis.
 */
class SlowRedisIT extends StandardDeployment {

    static final long TIMEOUT_MS = 1000;
    static final int BREAKER_FAILURES = 3;
    static final int ASLEEP_SECONDS = 15;

    /**
     * The bound is three timeouts (the first call to meet the sleeping Redis waits for its answer, then for the
     * HELLO of the connection the pool opens in its place: server-config/RELIABILITY.md; the third is room for a
     * busy machine) plus twice the slowest request while Redis was well: far below the time Redis sleeps, which is
     * what an unbounded call would wait.
     */
    @Test
    void noRequestWaitsLongerThanTheRedisTimeoutAndTheBreakerOpens() throws Exception {
        Api api = new Api(base);
        String user = StackSession.stack().users().fresh("slow", "slow password", Deployments.ROOMY);
        long slowestWell = 0;
        for (int i = 0; i < 5; i++) {
            Timed well = Timed.get(api, user);
            assertTrue(well.response.headers().firstValue("RateLimit").isPresent());
            slowestWell = Math.max(slowestWell, well.millis);
        }
        long bound = 3 * TIMEOUT_MS + 2 * slowestWell;

        // Its own thread, not the common pool: on 2 cores that pool has one thread, which the HttpClient needs to
        // complete every sendAsync, so a DEBUG SLEEP there would stall the test's own requests for the whole sleep.
        CompletableFuture<Void> asleep = CompletableFuture.runAsync(SlowRedisIT::putRedisToSleep,
                task -> Thread.ofPlatform().name("redis-sleeper").start(task));
        awaitRedisAsleep();
        List<Timed> whileAsleep = new ArrayList<>();
        boolean breakerSeenOpen = false;
        for (long until = System.nanoTime() + Duration.ofSeconds(ASLEEP_SECONDS - 5).toNanos(); System.nanoTime() < until; ) {
            whileAsleep.add(Timed.get(api, user));
            breakerSeenOpen |= breakerOpen(api);
        }
        asleep.join();

        for (Timed request : whileAsleep) {
            assertEquals(200, request.response.statusCode(), "fail open");
            assertTrue(request.response.headers().firstValue("RateLimit").isEmpty(), "undecided while Redis sleeps");
            assertTrue(request.millis <= bound, request.millis + " ms, more than " + bound + " ms; all: " + whileAsleep);
        }
        assertTrue(whileAsleep.size() > BREAKER_FAILURES, "requests while asleep: " + whileAsleep);
        assertTrue(breakerSeenOpen, "the breaker opened after " + BREAKER_FAILURES + " timed-out calls");
        System.out.printf("Redis asleep: %d requests, slowest %d ms (bound %d ms = 3 x timeout %d + 2 x slowest well %d)%n",
                whileAsleep.size(), whileAsleep.stream().mapToLong(Timed::millis).max().orElse(0), bound, TIMEOUT_MS, slowestWell);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> after;
        do {
            after = api.get("continents", user, "slow password");
        } while (after.headers().firstValue("RateLimit").isEmpty() && System.nanoTime() < deadline);
        assertTrue(after.headers().firstValue("RateLimit").isPresent(), "decided again once Redis answers");
    }

    private record Timed(HttpResponse<String> response, long millis) {

        static Timed get(Api api, String user) {
            long start = System.nanoTime();
            HttpResponse<String> response = api.get("continents", user, "slow password");
            return new Timed(response, Duration.ofNanos(System.nanoTime() - start).toMillis());
        }

        @Override
        public String toString() {
            return response.statusCode() + " in " + millis + " ms";
        }
    }

    private static boolean breakerOpen(Api api) {
        return api.send("GET", "metrics?scope=application", null).body().lines()
                .anyMatch(line -> line.startsWith("ratelimit_breaker_open") && line.matches(".* 1(\\.0)?$"));
    }

    /** Returns once a PING goes unanswered within the timeout: a request sent before DEBUG SLEEP would be decided. */
    private static void awaitRedisAsleep() throws InterruptedException {
        URI redis = URI.create(StackSession.stack().redisUrl());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            try (Jedis probe = new Jedis(redis.getHost(), redis.getPort(), (int) TIMEOUT_MS)) {
                probe.ping();
            } catch (JedisConnectionException asleep) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("Redis still answers 5 s after DEBUG SLEEP was sent");
    }

    private static void putRedisToSleep() {
        URI redis = URI.create(StackSession.stack().redisUrl());
        try (Jedis admin = new Jedis(redis.getHost(), redis.getPort(), (ASLEEP_SECONDS + 10) * 1000)) {
            admin.sendCommand(() -> "DEBUG".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "SLEEP", Integer.toString(ASLEEP_SECONDS));
        }
    }
}
