package com.continentsapi.ratelimit.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A script under src/main/resources, run by its SHA1 so a decision sends the hash, not the source.
 * The hash is computed here, not asked of Redis: the app starts without Redis, and the script is loaded
 * the first time Redis does not know it (at first use, and after a restart or SCRIPT FLUSH).
 */
public class LuaScript {

    private final String source;
    private final String sha1;

    public LuaScript(String resource) {
        this(List.of(text(resource)));
    }

    /** One script put together from several texts, in this order. */
    LuaScript(List<String> texts) {
        this.source = String.join("", texts);
        try {
            sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(this.source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(String resource) {
        try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing script " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the script into the node that holds the first key, so it also works on a Redis Cluster. */
    public Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        try {
            return redis.evalsha(sha1, keys, args);
        } catch (JedisNoScriptException unknown) {
            load(redis, keys.getFirst());
            return redis.evalsha(sha1, keys, args);
        }
    }

    /** Tells the script to the node that holds this key. */
    void load(UnifiedJedis redis, String key) {
        redis.scriptLoad(source, key);
    }

    String sha1() {
        return sha1;
    }

    String source() {
        return source;
    }
}
