package com.continentsapi.ratelimit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.ratelimit.entity.Outcome;
import com.continentsapi.ratelimit.redis.ConfiguredRedisClient;
import com.continentsapi.stack.EmbeddedRedisCluster;
import com.continentsapi.stack.FaultProxy;
import com.continentsapi.stack.RedisTopology;
import com.continentsapi.stack.StackSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The limiter when Redis fails in part: one Cluster master frozen (bytes held, connections open) while the others
 * answer, a whole Redis frozen under a crowd, a script that errs for one caller, a bug in the breaker's trial call.
 * Faults come from the stack's proxies; every test heals them in a finally, as the stack is shared.
 */
@Timeout(120)
class PartialFailuresIT extends LimiterSuite {

    static final int TIMEOUT_MS = 300;
    static final String SETTINGS = "REDIS_TIMEOUT_MS=" + TIMEOUT_MS + ";RATELIMIT_LIMIT=20;RATELIMIT_WINDOW=3600;"
            + "RATELIMIT_FAIL_MODE=local;RATELIMIT_LOCAL_INSTANCES=1";

    static UnifiedJedis client(Map<String, String> env) {
        Map<String, String> withTimeout = new HashMap<>(env);
        withTimeout.put("REDIS_TIMEOUT_MS", Integer.toString(TIMEOUT_MS));
        return ConfiguredRedisClient.from(withTimeout);
    }

    /** Whether a new connection through this proxy gets any reply (NOAUTH is one). */
    static boolean answers(FaultProxy proxy) {
        try (Jedis node = new Jedis(new HostAndPort("127.0.0.1", proxy.port()),
                DefaultJedisClientConfig.builder().connectionTimeoutMillis(TIMEOUT_MS).socketTimeoutMillis(TIMEOUT_MS).build())) {
            node.ping();
            return true;
        } catch (JedisDataException refused) {
            return true;
        } catch (JedisConnectionException notYet) {
            return false;
        }
    }

    static String key(String user) {
        return "rl:{" + user + "}:default";
    }

    /**
     * The headline: 16 threads decide for 30 users, 48 requests each, while the master of one user's slot is
     * frozen. Users of the other masters are decided by Redis every time and get exactly their 20; users of the
     * frozen master are decided locally every time and get exactly their 20 too (their local counts are not
     * dropped because other users' keys got answers). Once it thaws, every user is decided by Redis again.
     */
    @Test
    void oneFrozenMasterOfThreePutsOnlyItsOwnUsersInTheFailModeAndTheOthersStayExact() throws Exception {
        EmbeddedRedisCluster cluster = StackSession.stack().redisCluster();
        String run = UUID.randomUUID().toString();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            users.add("shard-" + i + "-" + run);
        }
        FaultProxy frozen = cluster.proxyOf(key(users.getFirst()));
        boolean[] onFrozen = new boolean[users.size()];
        for (int u = 0; u < users.size(); u++) {
            onFrozen[u] = cluster.proxyOf(key(users.get(u))) == frozen;
        }
        int threads = 16;
        int rounds = 3;
        AtomicIntegerArray allowedByRedis = new AtomicIntegerArray(users.size());
        AtomicIntegerArray byRedis = new AtomicIntegerArray(users.size());
        AtomicIntegerArray allowedLocally = new AtomicIntegerArray(users.size());
        AtomicIntegerArray locally = new AtomicIntegerArray(users.size());
        AtomicLong longestFrozenWait = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (UnifiedJedis redis = client(cluster.env())) {
            RateLimiter limiter = limiter(() -> redis, SETTINGS);
            // a running instance: its Cluster client is made (until then every key is the one Redis's, sharing lanes)
            assertFalse(decided(limiter.decide("warm-" + run, null, "GET", "/")).local());
            frozen.freeze();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds * users.size(); i++) {
                        int u = (thread + i) % users.size();
                        long began = System.nanoTime();
                        Outcome.Decided outcome = decided(limiter.decide(users.get(u), null, "GET", "/"));
                        if (onFrozen[u]) {
                            longestFrozenWait.accumulateAndGet(System.nanoTime() - began, Math::max);
                        }
                        boolean allowed = !outcome.verdict().limited();
                        if (outcome.local()) {
                            locally.incrementAndGet(u);
                            allowedLocally.addAndGet(u, allowed ? 1 : 0);
                        } else {
                            byRedis.incrementAndGet(u);
                            allowedByRedis.addAndGet(u, allowed ? 1 : 0);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> each : done) {
                each.get(100, TimeUnit.SECONDS);
            }
            System.out.printf("One master of three frozen, REDIS_TIMEOUT_MS=%d: the longest decision of a frozen master's user took %d ms%n",
                    TIMEOUT_MS, TimeUnit.NANOSECONDS.toMillis(longestFrozenWait.get()));

            int perUser = threads * rounds;
            for (int u = 0; u < users.size(); u++) {
                String who = users.get(u) + (onFrozen[u] ? " (frozen master)" : " (answering master)");
                if (onFrozen[u]) {
                    assertEquals(perUser, locally.get(u), who + ": every decision in the fail mode");
                    assertEquals(20, allowedLocally.get(u), who + ": its local counts held: exactly its limit");
                } else {
                    assertEquals(perUser, byRedis.get(u), who + ": every decision by Redis, none in the fail mode");
                    assertEquals(20, allowedByRedis.get(u), who + ": exactly its limit");
                }
            }

            frozen.pass();
            // the proxy's pairs opened during the freeze go, so that they cannot slow the tests after this one
            frozen.dropConnections();
            long thawed = System.nanoTime();
            while (!answers(frozen)) {
                Thread.sleep(50);
            }
            System.out.printf("The thawed master's proxy passed a new connection after %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - thawed));
            for (String user : users) {
                // a trial after each cool-down (on the breaker's clock): a connection that went stale during the freeze may fail one
                boolean byRedisAgain = false;
                for (int trial = 0; trial < 5 && !byRedisAgain; trial++) {
                    now += TimeUnit.MINUTES.toNanos(1);
                    byRedisAgain = !decided(limiter.decide(user, null, "GET", "/")).local();
                }
                assertTrue(byRedisAgain, user + " is decided by Redis once its master thaws");
            }
        } finally {
            cluster.heal();
            pool.shutdownNow();
        }
    }

    /**
     * 200 callers at once on a frozen Redis: each gets the fail mode's answer, none waits for the queue of round
     * trips ahead of it. Prints the longest wait, to set against the bound of 2 x REDIS_TIMEOUT_MS.
     */
    @Test
    void twoHundredCallersOnAFrozenRedisAllGetTheFailMode() throws Exception {
        FaultProxy proxy = StackSession.stack().redisProxy();
        int callers = 200;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try (UnifiedJedis redis = client(Map.of("REDIS_URL", StackSession.stack().proxiedRedisUrl()))) {
            RateLimiter limiter = limiter(() -> redis, SETTINGS);
            assertFalse(decided(get(limiter, "/")).local(), "warm: the script is loaded, the pool has a connection");
            proxy.freeze();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> waits = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String user = "crowd-" + i + "-" + UUID.randomUUID();
                waits.add(pool.submit(() -> {
                    start.await();
                    long began = System.nanoTime();
                    assertTrue(decided(limiter.decide(user, null, "GET", "/")).local(), "the fail mode decides");
                    return System.nanoTime() - began;
                }));
            }
            start.countDown();
            long longest = 0;
            for (Future<Long> wait : waits) {
                longest = Math.max(longest, wait.get(100, TimeUnit.SECONDS));
            }
            System.out.printf("Redis frozen under %d concurrent callers, REDIS_TIMEOUT_MS=%d: the longest decision took %d ms (bound %d ms)%n",
                    callers, TIMEOUT_MS, TimeUnit.NANOSECONDS.toMillis(longest), 2 * TIMEOUT_MS);
        } finally {
            proxy.pass();
            pool.shutdownNow();
        }
    }

    /**
     * A caller whose script errs (here its GCRA counter holds a list, so the script's GET fails inside Redis) gets the
     * fail mode's answer, is logged once with its policy, and the breaker does not count it: Redis answered.
     */
    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void aScriptErrorIsAnsweredByTheFailModeLoggedOnceAndNeverOpensTheBreaker(RedisTopology topology) {
        UnifiedJedis redis = topology.sharedClient();
        redis.lpush(key(caller), "not a counter");
        List<String> logged = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(String.valueOf(record.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(RateLimiter.class.getName());
        log.addHandler(handler);
        try {
            RateLimiter limiter = limiter(topology, "RATELIMIT_ALGORITHM=gcra;RATELIMIT_FAIL_MODE=closed;RATELIMIT_BREAKER_FAILURES=3");
            for (int i = 0; i < 5; i++) {
                assertEquals(503, assertInstanceOf(Outcome.Undecided.class, get(limiter, "/")).refusal().orElseThrow().problem().status(),
                        "the fail mode's answer, not an exception");
            }
            assertInstanceOf(Outcome.Decided.class, limiter.decide("other-" + UUID.randomUUID(), null, "GET", "/"),
                    "five script errors did not open the breaker for anybody");
            assertEquals(1, logged.stream().filter(line -> line.contains("default")).count(), "logged once, with the policy: " + logged);
        } finally {
            log.removeHandler(handler);
            redis.del(key(caller));
        }
    }

    /** A trial call that fails with something else than a Redis failure (a bug) still ends the trial. */
    @Test
    void aBugInTheBreakersTrialCallEndsTheTrial() {
        boolean[] bug = {false};
        boolean[] redisBack = {false};
        RateLimiter limiter = limiter(() -> {
            if (bug[0]) {
                throw new IllegalStateException("a bug in the trial call");
            }
            return redisBack[0] ? RedisTopology.STANDALONE.sharedClient() : RateLimiterFailureIT.gone(RedisTopology.CLUSTER);
        }, "RATELIMIT_FAIL_MODE=open;RATELIMIT_BREAKER_FAILURES=3;RATELIMIT_BREAKER_COOL_DOWN_MS=2000");
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(Outcome.Undecided.class, get(limiter, "/"));
        }
        now += TimeUnit.SECONDS.toNanos(3);
        bug[0] = true;
        assertThrows(IllegalStateException.class, () -> get(limiter, "/"), "a bug surfaces (a 500), it is not an outage");
        bug[0] = false;
        redisBack[0] = true;
        assertInstanceOf(Outcome.Decided.class, get(limiter, "/"), "the next call is a trial again, and Redis answers it");
    }
}
