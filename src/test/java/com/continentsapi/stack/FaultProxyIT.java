package com.continentsapi.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/** The network faults the partial-failure tests rely on: a frozen proxy is silent, a cut one refuses, and one shard can fail alone. */
class FaultProxyIT {

    static final int TIMEOUT_MS = 300;

    @Test
    void aFrozenProxyHoldsTheReplyAndDeliversItWhenItPasses() throws Exception {
        FaultProxy proxy = StackSession.stack().redisProxy();
        try (Jedis redis = new Jedis(new HostAndPort("127.0.0.1", proxy.port()), DefaultJedisClientConfig.builder().socketTimeoutMillis(TIMEOUT_MS).build())) {
            assertEquals("PONG", redis.ping());
            proxy.freeze();
            assertThrows(JedisConnectionException.class, redis::ping, "no reply through a frozen network");
        } finally {
            proxy.pass();
        }
        try (Jedis redis = new Jedis(new HostAndPort("127.0.0.1", proxy.port()), DefaultJedisClientConfig.builder().socketTimeoutMillis(TIMEOUT_MS).build())) {
            assertEquals("PONG", redis.ping());
        }
    }

    @Test
    void aCutProxyRefusesConnectionsUntilItPasses() throws Exception {
        FaultProxy proxy = StackSession.stack().redisProxy();
        proxy.cut();
        try {
            assertThrows(JedisConnectionException.class, () -> new Jedis(new HostAndPort("127.0.0.1", proxy.port()),
                    DefaultJedisClientConfig.builder().connectionTimeoutMillis(TIMEOUT_MS).build()).ping());
        } finally {
            proxy.pass();
        }
        try (Jedis redis = new Jedis("127.0.0.1", proxy.port())) {
            assertEquals("PONG", redis.ping());
        }
    }

    @Test
    void oneFrozenClusterNodeStallsOnlyItsOwnKeys() throws Exception {
        EmbeddedRedisCluster cluster = StackSession.stack().redisCluster();
        String run = UUID.randomUUID().toString();
        String frozen = "rl:{a-" + run + "}:x";
        String other = otherNodesKey(cluster, frozen, run);
        try (UnifiedJedis client = RedisTopology.CLUSTER.client()) {
            client.set(frozen, "1");
            client.set(other, "1");
            cluster.proxyOf(frozen).freeze();
            assertEquals(2L, client.incr(other), "the other nodes answer");
            assertThrows(JedisException.class, () -> client.incr(frozen), "the frozen node does not");
        } finally {
            cluster.heal();
        }
    }

    static String otherNodesKey(EmbeddedRedisCluster cluster, String key, String run) {
        for (int i = 0; ; i++) {
            String candidate = "rl:{b" + i + "-" + run + "}:x";
            if (cluster.proxyOf(candidate) != cluster.proxyOf(key)) {
                assertNotSame(cluster.proxyOf(key), cluster.proxyOf(candidate));
                return candidate;
            }
        }
    }
}
