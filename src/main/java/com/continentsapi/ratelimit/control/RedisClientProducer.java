package com.continentsapi.ratelimit.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The Redis client, from {@code redis.url} (redis:// or rediss://, with ACL user, password and database).
 * Produced as UnifiedJedis, the type every Jedis 8 client shares.
 * Singleton, not ApplicationScoped: the clients have final methods and cannot be proxied.
 */
@ApplicationScoped
public class RedisClientProducer {

    @Inject
    @ConfigProperty(name = "redis.url")
    URI url;

    /** Short, so that a Redis that stopped answering costs a request this much, not the OS's TCP timeout. */
    @Inject
    @ConfigProperty(name = "redis.timeout-ms")
    int timeoutMillis;

    @Produces
    @Singleton
    UnifiedJedis redisClient() {
        if (!JedisURIHelper.isValid(url)) {
            throw new IllegalArgumentException("redis.url must look like redis://[user:password@]host:port[/db] or rediss://...");
        }
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder(url)
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .clientName("continents")
                .build();
        return RedisClient.builder()
                .hostAndPort(JedisURIHelper.getHostAndPort(url))
                .clientConfig(config)
                .build();
    }

    void close(@Disposes UnifiedJedis client) {
        client.close();
    }
}
