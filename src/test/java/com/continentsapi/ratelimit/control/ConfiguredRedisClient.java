package com.continentsapi.ratelimit.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import redis.clients.jedis.UnifiedJedis;

/**
 * The client the app would make from these environment variables: the producer, given what MicroProfile Config
 * would inject (the variable, else the default in microprofile-config.properties, where empty means not set).
 */
public final class ConfiguredRedisClient {

    private ConfiguredRedisClient() {
    }

    public static UnifiedJedis from(Map<String, String> env) {
        return producer(env).redisClient();
    }

    static RedisClientProducer producer(Map<String, String> env) {
        Properties defaults = new Properties();
        try (InputStream in = ConfiguredRedisClient.class.getClassLoader().getResourceAsStream("META-INF/microprofile-config.properties")) {
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RedisClientProducer producer = new RedisClientProducer();
        producer.topology = value(env, defaults, "redis.topology").orElseThrow();
        producer.url = URI.create(value(env, defaults, "redis.url").orElseThrow());
        producer.nodes = value(env, defaults, "redis.nodes");
        producer.sentinelMaster = value(env, defaults, "redis.sentinel.master");
        producer.user = value(env, defaults, "redis.user");
        producer.password = value(env, defaults, "redis.password");
        producer.tls = Boolean.parseBoolean(value(env, defaults, "redis.tls").orElseThrow());
        producer.sentinelUser = value(env, defaults, "redis.sentinel.user");
        producer.sentinelPassword = value(env, defaults, "redis.sentinel.password");
        producer.timeoutMillis = Integer.parseInt(value(env, defaults, "redis.timeout-ms").orElseThrow());
        producer.poolSize = Integer.parseInt(value(env, defaults, "redis.pool-size").orElseThrow());
        return producer;
    }

    private static Optional<String> value(Map<String, String> env, Properties defaults, String key) {
        String variable = key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        String value = env.containsKey(variable) ? env.get(variable) : defaults.getProperty(key);
        return Optional.ofNullable(value).filter(v -> !v.isEmpty());
    }
}
