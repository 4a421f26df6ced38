package com.continentsapi.ratelimit.redis;

import com.continentsapi.configuration.ConfiguredSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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

    /** A port nothing listens on. */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
