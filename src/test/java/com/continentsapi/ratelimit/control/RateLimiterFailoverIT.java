package com.continentsapi.ratelimit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.ratelimit.entity.Outcome;
import com.continentsapi.ratelimit.overrides.LimitChanges;
import com.continentsapi.ratelimit.overrides.LimitsChanged;
import com.continentsapi.ratelimit.overrides.WiredLimitChanges;
import com.continentsapi.stack.EmbeddedRedisSentinel;
import com.continentsapi.stack.RedisTopology;
import com.continentsapi.stack.StackSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A Sentinel failover whose old master stays up and becomes a replica of the new one. A pooled connection that
 * still went to it would answer READONLY to every decision, for good (envoyproxy/ratelimit#1191); the limiter must
 * move all of its connections, the subscription's included, to the new master.
 */
class RateLimiterFailoverIT extends LimiterSuite {

    static final int CALLERS = 8;

    @Test
    void afterAFailoverWithTheOldMasterBackAsAReplicaNoDecisionFails() throws Exception {
        EmbeddedRedisSentinel sentinel = StackSession.stack().redisSentinel();
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        List<LimitsChanged> told = new CopyOnWriteArrayList<>();
        try (UnifiedJedis client = RedisTopology.SENTINEL.client()) {
            RateLimiter limiter = limiter(() -> client, "RATELIMIT_FAIL_MODE=closed;RATELIMIT_LIMIT=1000000;RATELIMIT_WINDOW=3600");
            LimitChanges changes = WiredLimitChanges.of(() -> client, limiter.redisSettings, limiter.overrides, null, told::add);
            changes.start(Duration.ofMinutes(5));
            try {
                RateLimiterIT.await(changes::listening, Duration.ofSeconds(10));
                assertEquals(Map.of("redis", 200L), decide(limiter, callers, 200), "every pooled connection in use, on the master");
                int oldMaster = sentinel.masterPort();

                sentinel.failover();
                int newMaster = sentinel.masterPort();
                try (var old = sentinel.admin(oldMaster)) {
                    String replication = old.info("replication");
                    assertTrue(replication.contains("role:slave") && replication.contains("master_port:" + newMaster), replication);
                    JedisDataException refused = assertThrows(JedisDataException.class, () -> old.incr(CallerKeys.of(caller,
                            limiter.settings().rules().defaults()).getFirst()), "a connection left on the old master fails every decision");
                    assertTrue(refused.getMessage().startsWith("READONLY"), refused.getMessage());
                }
                for (long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos(); !byRedis(get(limiter, "/")); now += 2_000_000_000L) {
                    assertTrue(System.nanoTime() < deadline, "Redis decides again within 15 s of the failover");
                    Thread.sleep(50);
                }

                assertEquals(Map.of("redis", 400L), decide(limiter, callers, 400), "after the failover settled");
                // A failover may end the subscription (the Sentinel kills the clients of each instance it reconfigures);
                // pub/sub forgets what it could not deliver, and a new subscription reloads everybody: a change made
                // once it listens again arrives either way.
                RateLimiterIT.await(changes::listening, Duration.ofSeconds(10));
                told.clear();
                assertTrue(limiter.changed(caller));
                RateLimiterIT.awaitTrue(() -> told.contains(new LimitsChanged(caller)) || told.contains(LimitsChanged.EVERYBODY));
            } finally {
                changes.stop();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /** How many of these concurrent decisions Redis made, and how many it did not. */
    private Map<String, Long> decide(RateLimiter limiter, ExecutorService callers, int decisions) throws Exception {
        List<Callable<Outcome>> requests = new ArrayList<>();
        for (int i = 0; i < decisions; i++) {
            requests.add(() -> get(limiter, "/"));
        }
        List<String> outcomes = new ArrayList<>();
        for (Future<Outcome> outcome : callers.invokeAll(requests)) {
            outcomes.add(byRedis(outcome.get()) ? "redis" : outcome.get().toString());
        }
        return outcomes.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static boolean byRedis(Outcome outcome) {
        return outcome instanceof Outcome.Decided decided && !decided.local();
    }
}
