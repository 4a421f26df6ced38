package com.continentsapi.stack;

import com.continentsapi.ratelimit.redis.ConfiguredRedisClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis set-ups the API supports, each backed by real servers of the stack (started on first use), for
 * suites that run the same tests against each: {@code for (RedisTopology t : RedisTopology.values())}.
 */
public enum RedisTopology {
    STANDALONE, SENTINEL, CLUSTER;

    /** The environment variables a deployment of the API sets to use this topology's servers. */
    public Map<String, String> env() throws Exception {
        Stack stack = StackSession.stack();
        return switch (this) {
            case STANDALONE -> Map.of("REDIS_URL", stack.redisUrl());
            case SENTINEL -> stack.redisSentinel().env();
            case CLUSTER -> stack.redisCluster().env();
        };
    }

    private static final Map<RedisTopology, UnifiedJedis> SHARED = new ConcurrentHashMap<>();

    /** One client per topology for every suite of the test run, made on first use; it goes with the stack. */
    public UnifiedJedis sharedClient() {
        return SHARED.computeIfAbsent(this, topology -> {
            try {
                return topology.client();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the " + topology + " Redis", e);
            }
        });
    }

    /** A new client, made by the app's own producer from {@link #env()}; the caller closes it. */
    public UnifiedJedis client() throws Exception {
        return ConfiguredRedisClient.from(env());
    }
}
