package com.continentsapi.ratelimit.redis;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Which Redis node decides a key: on a Cluster, the master that Jedis's own slot map names for the key's slot
 * (no round trip; Jedis refreshes the map on MOVED and on failures); otherwise the one Redis, {@link #THE_REDIS}.
 * A failure is counted for the node that failed, so that a dead shard does not stop the others.
 */
public final class RedisNodes {

    /** The node of every key when there is one Redis (standalone, or Sentinel's master). */
    public static final Object THE_REDIS = "redis";

    /** Filled by {@link RedisClientProducer} for the Cluster clients it makes; weak, as a client may be closed and dropped. */
    private static final Map<UnifiedJedis, ClusterConnectionProvider> SLOT_MAPS = new WeakHashMap<>();

    private RedisNodes() {
    }

    static synchronized void slotMapOf(UnifiedJedis cluster, ClusterConnectionProvider slotMap) {
        SLOT_MAPS.put(cluster, slotMap);
    }

    /** The node of a key, by this client: its master's address (a HostAndPort) on a Cluster, else {@link #THE_REDIS}. */
    public static synchronized Function<String, Object> of(UnifiedJedis client) {
        ClusterConnectionProvider slotMap = SLOT_MAPS.get(client);
        if (slotMap == null) {
            return key -> THE_REDIS;
        }
        return key -> {
            HostAndPort master = slotMap.getNode(JedisClusterCRC16.getSlot(key));
            return master == null ? THE_REDIS : master;
        };
    }
}
