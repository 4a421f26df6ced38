package com.continentsapi.stack;

import com.continentsapi.ratelimit.control.ConfiguredRedisClient;
import java.util.Map;
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

    /** A new client, made by the app's own producer from {@link #env()}; the caller closes it. */
    public UnifiedJedis client() throws Exception {
        return ConfiguredRedisClient.from(env());
    }
}
