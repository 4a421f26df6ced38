package com.continentsapi.stack;

import java.security.SecureRandom;
import java.util.HexFormat;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.embedded.core.RedisServerBuilder;

/**
 * Who may do what on the stack's Sentinel and Cluster nodes: the app's ACL user only what
 * server-config/redis/README.md grants it, the stack everything (the default user). Made up per start.
 */
record RedisCredentials(String adminPassword, String appPassword) {

    static final String APP_USER = "limiter";
    /** The app user's rights, as server-config/redis/README.md documents them. */
    static final String APP_RULES = "~rl:* &rl:changes +@all -@dangerous +cluster|slots";
    /** The app user's rights on a Sentinel, as server-config/redis/README.md documents them. */
    static final String SENTINEL_APP_RULES =
            "-@all +sentinel|get-master-addr-by-name +sentinel|replicas +sentinel|slaves +subscribe +ping &*";

    static RedisCredentials generate() {
        SecureRandom random = new SecureRandom();
        return new RedisCredentials(HexFormat.of().formatHex(random.generateSeed(16)), HexFormat.of().formatHex(random.generateSeed(16)));
    }

    /** The settings every data node gets: no persistence, the documented ACL, and how a replica logs in to its master. */
    RedisServerBuilder secure(RedisServerBuilder node) {
        return node
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("requirepass " + adminPassword)
                .setting("masterauth " + adminPassword)
                .setting("user " + APP_USER + " on >" + appPassword + " " + APP_RULES);
    }

    /** A Jedis connection speaks RESP2 only: say so, or it warns at every connection. */
    static JedisClientConfig adminConfig(String password) {
        return DefaultJedisClientConfig.builder().password(password).timeoutMillis(5000).autoNegotiateProtocol(false).build();
    }

    JedisClientConfig adminConfig() {
        return adminConfig(adminPassword);
    }
}
