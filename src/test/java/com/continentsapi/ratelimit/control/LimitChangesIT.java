package com.continentsapi.ratelimit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.ratelimit.entity.PolicyOverride;
import com.continentsapi.ratelimit.entity.Rules.Applied;
import com.continentsapi.ratelimit.overrides.LimitChanges;
import com.continentsapi.ratelimit.overrides.LimitsChanged;
import com.continentsapi.ratelimit.overrides.OverrideStore;
import com.continentsapi.ratelimit.overrides.Overrides;
import com.continentsapi.ratelimit.overrides.WiredLimitChanges;
import com.continentsapi.ratelimit.redis.ConfiguredRedisClient;
import com.continentsapi.stack.FaultProxy;
import com.continentsapi.stack.RedisTopology;
import com.continentsapi.stack.Stack;
import com.continentsapi.stack.StackSession;
import com.mysql.cj.jdbc.MysqlDataSource;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.UnifiedJedis;

/**
 * How an instance hears of changes made on others when the network, the database or the timing is unkind: a
 * subscription whose connection went silent, a database that is down when a notice arrives, and a notice that
 * arrives while a decision is in flight. Instance A changes; instance B, with its subscriber, must follow.
 */
class LimitChangesIT extends LimiterSuite {

    static final int TIMEOUT_MS = 500;
    static final int PING_MS = 500;

    /**
     * A NAT or firewall that forgot the subscription's connection: it stays open, and nothing passes. B must notice
     * by its pings, subscribe again on a new connection and reload, within ping + timeout (+ 1 s to reload).
     */
    @Test
    void anOverrideChangedWhileTheSubscriptionIsSilentArrivesWithinPingAndTimeout() throws Exception {
        Stack stack = StackSession.stack();
        FaultProxy proxy = stack.redisProxy();
        OverrideStore store = store(stack.db().url("countries"));
        Map<String, String> env = Map.of("REDIS_URL", stack.proxiedRedisUrl(), "REDIS_TIMEOUT_MS", String.valueOf(TIMEOUT_MS),
                "REDIS_SUBSCRIPTION_PING_MS", String.valueOf(PING_MS));
        try (UnifiedJedis throughProxy = ConfiguredRedisClient.from(env)) {
            RateLimiter a = limiter(RedisTopology.STANDALONE, "");
            RateLimiter b = limiter(() -> throughProxy, "REDIS_TIMEOUT_MS=" + TIMEOUT_MS + ";REDIS_SUBSCRIPTION_PING_MS=" + PING_MS);
            AtomicInteger subscriptions = new AtomicInteger();
            LimitChanges changes = WiredLimitChanges.of(() -> throughProxy, b.redisSettings, b.overrides, store, change -> {
                subscriptions.addAndGet(change.everybody() ? 1 : 0);
                b.limitsChanged(change);
            });
            changes.start(Duration.ofMinutes(5));
            try {
                RateLimiterIT.await(changes::listening, Duration.ofSeconds(10));
                Thread.sleep(3 * PING_MS);
                assertEquals(1, subscriptions.get(), "pinged three times, subscribed once");
                proxy.freezeOpenConnections();
                store.put(caller, new PolicyOverride("default", 8, null, null, null));
                long changed = System.nanoTime();
                assertTrue(a.changed(caller), "A publishes on a healthy connection");

                RateLimiterIT.await(() -> b.overrides.of(caller).containsKey("default"), Duration.ofMillis(PING_MS + TIMEOUT_MS + 1000));
                System.out.printf("A change made while the subscription was frozen (ping %d ms, timeout %d ms) was applied after %d ms%n",
                        PING_MS, TIMEOUT_MS, Duration.ofNanos(System.nanoTime() - changed).toMillis());
            } finally {
                changes.stop();
                proxy.pass();
                store.delete(caller, "default");
            }
        }
    }

    /** Each ping's answer is read by the subscription's thread while the next ping is sent: never mistaken for a failure. */
    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void aSubscriptionPingedHundredsOfTimesStaysOneSubscription(int protocol) throws Exception {
        Map<String, String> env = Map.of("REDIS_URL", StackSession.stack().redisUrl() + "?protocol=" + protocol, "REDIS_SUBSCRIPTION_PING_MS", "2");
        try (UnifiedJedis client = ConfiguredRedisClient.from(env)) {
            RateLimiter b = limiter(() -> client, "REDIS_SUBSCRIPTION_PING_MS=2");
            AtomicInteger subscriptions = new AtomicInteger();
            LimitChanges changes = WiredLimitChanges.of(() -> client, b.redisSettings, b.overrides, null, change -> {
                subscriptions.addAndGet(change.everybody() ? 1 : 0);
                b.limitsChanged(change);
            });
            changes.start(Duration.ofMinutes(5));
            try {
                RateLimiterIT.await(changes::listening, Duration.ofSeconds(10));
                Thread.sleep(1000);
                assertEquals(1, subscriptions.get(), "subscribed once in about 500 pings over RESP" + protocol);
                assertTrue(changes.listening());
            } finally {
                changes.stop();
            }
        }
    }

    /** The database is unreachable when a reset notice arrives: the denials go anyway, and the subscription stays. */
    @Test
    void aResetWhileTheDatabaseIsDownEndsCachedDenialsAndKeepsTheSubscription() throws Exception {
        Stack stack = StackSession.stack();
        try (FaultProxy database = FaultProxy.to(stack.db().port())) {
            OverrideStore store = store("jdbc:mysql://127.0.0.1:" + database.port() + "/countries");
            RateLimiter a = limiter(RedisTopology.STANDALONE, "RATELIMIT_LIMIT=1;RATELIMIT_WINDOW=3600");
            RateLimiter b = limiter(RedisTopology.STANDALONE, "RATELIMIT_LIMIT=1;RATELIMIT_WINDOW=3600");
            LimitChanges changes = subscriber(RedisTopology.STANDALONE.sharedClient(), b, store);
            try {
                RateLimiterIT.await(changes::listening, Duration.ofSeconds(10));
                get(b, "/");
                assertTrue(decided(get(b, "/")).blocks(), "B caches the denial");
                database.cut();

                assertTrue(a.reset(caller));
                RateLimiterIT.awaitTrue(() -> !decided(get(b, "/")).blocks());
                assertTrue(changes.listening(), "still subscribed while the database is down");

                database.pass();
                store.put(caller, new PolicyOverride("default", 8, null, null, null));
                assertTrue(a.changed(caller));
                RateLimiterIT.awaitTrue(() -> b.overrides.of(caller).containsKey("default"));
            } finally {
                changes.stop();
                database.pass();
                store.delete(caller, "default");
            }
        }
    }

    /**
     * The interleaving: B reads what it needs for a decision, A's reset reaches B (which forgets its denials of the
     * caller) while B's decision is still in flight, Redis's denial comes back, B caches it. The change arrives
     * here inside the decision, as B applies the caller's overrides.
     */
    @Test
    void aDenialDecidedBeforeAChangeIsNotCachedAfterIt() {
        RateLimiter b = limiter(RedisTopology.STANDALONE, "RATELIMIT_LIMIT=1;RATELIMIT_WINDOW=3600");
        ChangeInFlight inFlight = new ChangeInFlight();
        b.overrides = inFlight;
        get(b, "/");

        inFlight.arm(() -> b.limitsChanged(new LimitsChanged(caller)));
        assertTrue(decided(get(b, "/")).blocks(), "denied by Redis, with the change in flight");
        RedisTopology.STANDALONE.sharedClient().del(CallerKeys.of(caller, b.settings().rules().all()).toArray(String[]::new));

        assertFalse(decided(get(b, "/")).blocks(), "a denial decided before the change was cached after it");
    }

    /** Overrides that let a change arrive once, in the middle of the next decision. */
    private static final class ChangeInFlight extends Overrides {
        private final AtomicReference<Runnable> change = new AtomicReference<>();

        void arm(Runnable change) {
            this.change.set(change);
        }

        @Override
        public Applied applyTo(String user, Applied applied) {
            Runnable now = change.getAndSet(null);
            if (now != null) {
                now.run();
            }
            return super.applyTo(user, applied);
        }
    }

    private static LimitChanges subscriber(UnifiedJedis redis, RateLimiter limiter, OverrideStore store) {
        LimitChanges changes = WiredLimitChanges.of(() -> redis, limiter.redisSettings, limiter.overrides, store, limiter::limitsChanged);
        changes.start(Duration.ofMinutes(5));
        return changes;
    }

    /** The overrides' table, migrated as a deployment would (a no-op once one has), read at this URL. */
    static OverrideStore store(String url) {
        MysqlDataSource dataSource = new MysqlDataSource();
        dataSource.setURL(url);
        dataSource.setUser(Stack.APP_DB_USER);
        dataSource.setPassword(System.getenv("DB_PASSWORD"));
        Flyway.configure(LimitChangesIT.class.getClassLoader()).dataSource(dataSource)
                .locations("classpath:db/migration").load().migrate();
        return WiredLimitChanges.store(dataSource);
    }
}
