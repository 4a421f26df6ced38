package com.continentsapi.ratelimit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.stack.EmbeddedRedisCluster;
import com.continentsapi.stack.EmbeddedRedisSentinel;
import com.continentsapi.stack.RedisTopology;
import com.continentsapi.stack.StackSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The producer's Sentinel and Cluster clients against real servers (a master, its replica and a Sentinel; three
 * cluster masters), configured with the environment variables an operator sets.
 */
class RedisTopologiesIT {

    /** Like the limiter's scripts: several keys of one caller, read and written in one atomic call. */
    static final String TWO_COUNTERS = "return {redis.call('INCR', KEYS[1]), redis.call('INCRBY', KEYS[2], 10)}";
    static final String COUNT = "local n = redis.call('INCR', KEYS[1]) redis.call('PEXPIRE', KEYS[1], 60000) return n";

    final String run = UUID.randomUUID().toString();

    @Test
    void clusterRunsAScriptOnTwoKeysOfOneUser() throws Exception {
        try (UnifiedJedis client = RedisTopology.CLUSTER.client()) {
            assertTrue(client instanceof RedisClusterClient);
            List<String> keys = List.of("rl:{alice-" + run + "}:a", "rl:{alice-" + run + "}:b");
            assertEquals(List.of(1L, 10L), client.eval(TWO_COUNTERS, keys, List.of()));
            assertEquals(List.of(2L, 20L), client.eval(TWO_COUNTERS, keys, List.of()));
        }
    }

    /** Why every key of a caller carries its name in braces: without one hash tag, one script cannot have them. */
    @Test
    void clusterRefusesAScriptOnKeysOfTwoUsers() throws Exception {
        try (UnifiedJedis client = RedisTopology.CLUSTER.client()) {
            List<String> keys = List.of("rl:{alice-" + run + "}:a", "rl:{bob-" + run + "}:a");
            assertThrows(JedisException.class, () -> client.eval(TWO_COUNTERS, keys, List.of()));
        }
    }

    @Test
    void clusterSpreadsUsersOverAllMastersAndCountsEachOne() throws Exception {
        try (UnifiedJedis client = RedisTopology.CLUSTER.client()) {
            assertCountsSpreadOverAllMasters(client, "spread");
        }
    }

    @Test
    void oneClusterNodeIsEnoughToFindTheOthers() throws Exception {
        EmbeddedRedisCluster cluster = StackSession.stack().redisCluster();
        Map<String, String> env = new HashMap<>(cluster.env());
        env.put("REDIS_NODES", "127.0.0.1:" + cluster.ports().getLast());
        try (UnifiedJedis client = ConfiguredRedisClient.from(env)) {
            assertCountsSpreadOverAllMasters(client, "one-seed");
        }
    }

    void assertCountsSpreadOverAllMasters(UnifiedJedis client, String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        for (int user = 0; user < 60; user++) {
            keys.add("rl:{" + prefix + "-" + user + "-" + run + "}:default");
        }
        for (String key : keys) {
            assertEquals(1L, client.eval(COUNT, List.of(key), List.of()));
            assertEquals(2L, client.eval(COUNT, List.of(key), List.of()));
        }
        EmbeddedRedisCluster cluster = StackSession.stack().redisCluster();
        int total = 0;
        for (int port : cluster.ports()) {
            try (Jedis master = cluster.admin(port)) {
                int here = master.keys("rl:{" + prefix + "-*-" + run + "}:default").size();
                assertTrue(here > 0, "no user's counter on the master at " + port);
                total += here;
            }
        }
        assertEquals(keys.size(), total);
    }

    @Test
    void sentinelClientWritesToTheMaster() throws Exception {
        EmbeddedRedisSentinel sentinel = StackSession.stack().redisSentinel();
        try (UnifiedJedis client = RedisTopology.SENTINEL.client()) {
            assertTrue(client instanceof RedisSentinelClient);
            String key = "rl:{master-" + run + "}:default";
            assertEquals(1L, client.eval(COUNT, List.of(key), List.of()));
            try (Jedis master = sentinel.admin(sentinel.masterPort())) {
                assertEquals("1", master.get(key));
            }
        }
    }

    @Test
    void sentinelAndDataNodesEachGetTheirOwnCredentials() throws Exception {
        Map<String, String> env = new HashMap<>(RedisTopology.SENTINEL.env());
        env.put("REDIS_SENTINEL_PASSWORD", "wrong");
        assertThrows(JedisException.class, () -> ConfiguredRedisClient.from(env).close());

        env.putAll(RedisTopology.SENTINEL.env());
        env.put("REDIS_PASSWORD", "wrong");
        try (UnifiedJedis client = ConfiguredRedisClient.from(env)) {
            assertThrows(JedisException.class, () -> client.get("rl:{nobody}:default"));
        }
    }

    @Test
    void clusterNodesAskForTheUserAndPassword() throws Exception {
        Map<String, String> env = new HashMap<>(RedisTopology.CLUSTER.env());
        env.put("REDIS_PASSWORD", "wrong");
        assertThrows(JedisException.class, () -> ConfiguredRedisClient.from(env).close());
    }

    /** These nodes speak plain text: a client told to use TLS starts a handshake and fails. */
    @Test
    void redisTlsMakesTheClusterClientSpeakTls() throws Exception {
        Map<String, String> env = new HashMap<>(RedisTopology.CLUSTER.env());
        env.put("REDIS_TLS", "true");
        env.put("REDIS_TIMEOUT_MS", "200");
        assertThrows(JedisException.class, () -> ConfiguredRedisClient.from(env).close());
    }
}
