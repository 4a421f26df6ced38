package com.continentsapi.ratelimit.control;

import com.continentsapi.configuration.ConfiguredSettings;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/** The client the app would make from these environment variables, by its own producer. */
public final class ConfiguredRedisClient {

    private ConfiguredRedisClient() {
    }

    public static UnifiedJedis from(Map<String, String> env) {
        return RedisClientProducer.client(settings(env));
    }

    static RedisSettings settings(Map<String, String> env) {
        return RedisSettings.read(ConfiguredSettings.of(RedisSettings.PREFIX, env));
    }
}
