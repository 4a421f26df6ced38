package com.continentsapi.ratelimit.redis;

import com.continentsapi.stack.EmbeddedRedis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.embedded.RedisServer;

/** redis.url carries the ACL user, the password and the database to a real Redis that requires them. */
class RedisClientProducerIT {

    static RedisServer secured;
    static int port;

    @BeforeAll
    static void startRedisWithAnAclUser() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        secured = EmbeddedRedis.server()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("user default off")
                .setting("user limiter on >s3cret-pw ~rl:* +@all")
                .build();
        secured.start();
    }

    @AfterAll
    static void stop() throws Exception {
        secured.stop();
    }

    UnifiedJedis produce(String url) {
        return ConfiguredRedisClient.from(Map.of("REDIS_URL", url));
    }

    @Test
    void theUserPasswordAndDatabaseOfTheUrlAreUsed() {
        try (UnifiedJedis db2 = produce("redis://limiter:s3cret-pw@127.0.0.1:" + port + "/2");
             UnifiedJedis db0 = produce("redis://limiter:s3cret-pw@127.0.0.1:" + port)) {
            db2.set("rl:{alice}:default", "1");
            assertEquals("1", db2.get("rl:{alice}:default"));
            assertEquals(null, db0.get("rl:{alice}:default"));
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        try (UnifiedJedis client = produce("redis://limiter:wrong@127.0.0.1:" + port)) {
            assertThrows(JedisException.class, client::ping);
        }
    }

    /** This Redis speaks plain text: a client that took rediss:// at its word starts a TLS handshake and fails. */
    @Test
    void redissSpeaksTls() {
        try (UnifiedJedis client = produce("rediss://limiter:s3cret-pw@127.0.0.1:" + port)) {
            assertThrows(JedisException.class, client::ping);
        }
        try (UnifiedJedis client = produce("redis://limiter:s3cret-pw@127.0.0.1:" + port)) {
            assertEquals("PONG", client.ping());
        }
    }

    @Test
    void somethingThatIsNotARedisUrlStopsTheApp() {
        assertThrows(IllegalStateException.class, () -> produce("http://127.0.0.1:" + port));
    }
}
