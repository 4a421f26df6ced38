package com.continentsapi.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

/**
 * The servers the API needs, real and started by the build: MariaDB and Redis, on 127.0.0.1, stopped together
 * when closed or when the JVM exits (also after a failure or Ctrl-C).
 */
public final class Stack implements AutoCloseable {

    public static final String APP_DB_USER = "continents";

    private final EmbeddedMariaDb db;
    private final RedisServer redis;
    private final int redisPort;
    private RedisClient redisClient;

    private Stack(EmbeddedMariaDb db, RedisServer redis, int redisPort) {
        this.db = db;
        this.redis = redis;
        this.redisPort = redisPort;
    }

    /** Either part may be absent (null port) when the developer points at a server of their own. */
    public static Stack start(Path dir, Integer dbPort, Integer redisPort, String appDbPassword) throws Exception {
        Files.createDirectories(dir);
        RedisServer redis = null;
        if (redisPort != null) {
            redis = RedisServer.newRedisServer()
                    .port(redisPort)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            redis.start();
        }
        EmbeddedMariaDb db = null;
        try {
            db = dbPort == null ? null : EmbeddedMariaDb.start(dir.resolve("mariadb"), dbPort, appDbPassword);
        } catch (Exception e) {
            if (redis != null) {
                redis.stop();
            }
            throw e;
        }
        Stack stack = new Stack(db, redis, redisPort == null ? -1 : redisPort);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::closeQuietly, "stack-shutdown"));
        return stack;
    }

    public EmbeddedMariaDb db() {
        return db;
    }

    public String redisUrl() {
        return "redis://127.0.0.1:" + redisPort;
    }

    /** A client of the stack's Redis, for tests that look at what the API stored. */
    public synchronized RedisClient redis() {
        if (redisClient == null) {
            redisClient = RedisClient.create(java.net.URI.create(redisUrl()));
        }
        return redisClient;
    }

    /** Stops Redis, keeping its port, to see what the API does without it; {@link #startRedis()} brings it back, empty. */
    public void stopRedis() throws IOException {
        redis.stop();
    }

    public synchronized void startRedis() throws IOException {
        redis.start();
        if (redisClient != null) {
            redisClient.close(); // its pooled connections died with the old process
            redisClient = null;
        }
    }

    public Users users() {
        return new Users(db);
    }

    @Override
    public synchronized void close() throws Exception {
        if (redisClient != null) {
            redisClient.close();
        }
        try {
            if (redis != null && redis.isActive()) {
                redis.stop();
            }
        } finally {
            if (db != null) {
                db.close();
            }
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (Exception e) {
            System.err.println("Stopping the stack: " + e);
        }
    }

    /** A file of the project, wherever the build runs from. */
    static Path file(String relative) {
        return Path.of(System.getProperty("stack.basedir", ".")).resolve(relative);
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
