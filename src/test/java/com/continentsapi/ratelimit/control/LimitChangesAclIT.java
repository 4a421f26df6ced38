package com.continentsapi.ratelimit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.ratelimit.entity.PolicyOverride;
import com.continentsapi.ratelimit.overrides.LimitChanges;
import com.continentsapi.ratelimit.overrides.OverrideStore;
import com.continentsapi.ratelimit.overrides.WiredLimitChanges;
import com.continentsapi.ratelimit.redis.ConfiguredRedisClient;
import com.continentsapi.stack.EmbeddedRedis;
import com.continentsapi.stack.RedisTopology;
import com.continentsapi.stack.Stack;
import com.continentsapi.stack.StackSession;
import com.mysql.cj.jdbc.MysqlDataSource;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.AccessControlLogEntry;
import redis.embedded.RedisServer;

/**
 * Change notices under Redis 7's ACL, which grants a new user no pub/sub channel unless told (&rl:changes). The
 * Sentinel's and the Cluster's data nodes let the limiter in only as the user server-config/redis/README.md
 * documents; each instance is a limiter with its subscriber, as a deployment wires them, and the database is real.
 */
class LimitChangesAclIT extends LimiterSuite {

    @ParameterizedTest
    @EnumSource(value = RedisTopology.class, names = {"SENTINEL", "CLUSTER"})
    void anOverrideSetOnOneInstanceReachesAnotherThroughTheAclUsersChannel(RedisTopology topology) throws Exception {
        OverrideStore store = store();
        RateLimiter a = limiter(topology, "");
        RateLimiter b = limiter(topology, "");
        LimitChanges changes = subscriber(topology::sharedClient, b, store);
        try {
            RateLimiterIT.await(changes::listening, Duration.ofSeconds(10));
            store.put(caller, new PolicyOverride("default", 8, null, null, null));

            assertTrue(a.changed(caller), "the ACL user may publish on " + LimitChanges.CHANNEL);
            RateLimiterIT.awaitTrue(() -> b.overrides.of(caller).containsKey("default"));
            assertEquals("\"default\";q=8;w=60", decided(get(b, "/")).applied().policyField());
        } finally {
            changes.stop();
            store.delete(caller, "default");
        }
    }

    /** The rule documented before Redis 7 (no &rl:changes): refused, said once, and retried. */
    @Test
    void aSubscriberRefusedTheChannelWarnsOnceNamingTheMissingGrant() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        RedisServer redis = EmbeddedRedis.server().port(port).bind("127.0.0.1")
                .setting("save \"\"")
                .setting("requirepass admin-of-this-test")
                .setting("user limiter on >limiter-of-this-test ~rl:* +@all -@dangerous")
                .build();
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(LimitChanges.class.getName());
        redis.start();
        log.addHandler(capture);
        try (UnifiedJedis client = ConfiguredRedisClient.from(Map.of("REDIS_URL", "redis://limiter:limiter-of-this-test@127.0.0.1:" + port));
             Jedis admin = new Jedis(new HostAndPort("127.0.0.1", port),
                     DefaultJedisClientConfig.builder().password("admin-of-this-test").autoNegotiateProtocol(false).build())) {
            assertTrue(admin.info("server").contains("redis_version:" + EmbeddedRedis.VERSION), "Redis 7: a new user gets no channel by default");
            RateLimiter b = limiter(() -> client, "");
            LimitChanges changes = subscriber(() -> client, b, null);
            try {
                RateLimiterIT.await(() -> refusals(admin) >= 3, Duration.ofSeconds(10));

                assertFalse(changes.listening());
                List<LogRecord> warnings = logged.stream().filter(record -> record.getLevel() == Level.WARNING).toList();
                assertEquals(1, warnings.size(), warnings.stream().map(LogRecord::getMessage).toList().toString());
                assertTrue(warnings.getFirst().getMessage().contains("&rl:changes"), warnings.getFirst().getMessage());
                assertTrue(warnings.getFirst().getMessage().contains("NOPERM"), warnings.getFirst().getMessage());
            } finally {
                changes.stop();
            }
        } finally {
            log.removeHandler(capture);
            redis.stop();
        }
    }

    private static long refusals(Jedis admin) {
        return admin.aclLog().stream()
                .filter(entry -> "channel".equals(entry.getReason()) && LimitChanges.CHANNEL.equals(entry.getObject()))
                .mapToLong(AccessControlLogEntry::getCount).sum();
    }

    private static LimitChanges subscriber(Supplier<UnifiedJedis> redis, RateLimiter limiter, OverrideStore store) {
        redis.get(); // made here, not in the subscriber's thread
        LimitChanges changes = WiredLimitChanges.of(redis, limiter.overrides, store, limiter::limitsChanged);
        changes.start(Duration.ofMinutes(5));
        return changes;
    }

    /** The overrides' table in the stack's database, migrated as a deployment would (a no-op once one has). */
    private static OverrideStore store() {
        Stack stack = StackSession.stack();
        MysqlDataSource dataSource = new MysqlDataSource();
        dataSource.setURL(stack.db().url("countries"));
        dataSource.setUser(Stack.APP_DB_USER);
        dataSource.setPassword(System.getenv("DB_PASSWORD"));
        Flyway.configure(LimitChangesAclIT.class.getClassLoader()).dataSource(dataSource)
                .locations("classpath:db/migration").load().migrate();
        return WiredLimitChanges.store(dataSource);
    }
}
