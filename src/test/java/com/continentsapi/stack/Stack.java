package com.continentsapi.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

/**
 * The servers the API needs, real and started by the build: MariaDB and Redis, on 127.0.0.1, stopped together
 * when closed or when the JVM exits (also after a failure or Ctrl-C). A Redis Cluster and a Redis with Sentinel
 * start too, the first time a test asks for them.
 */
public final class Stack implements AutoCloseable {

    public static final String APP_DB_USER = "continents";

    private final Path dir;
    private final EmbeddedMariaDb db;
    private final RedisServer redis;
    private final int redisPort;
    private RedisClient redisClient;
    private EmbeddedRedisCluster redisCluster;
    private EmbeddedRedisSentinel redisSentinel;
    private FaultProxy redisProxy;

    private Stack(Path dir, EmbeddedMariaDb db, RedisServer redis, int redisPort) {
        this.dir = dir;
        this.db = db;
        this.redis = redis;
        this.redisPort = redisPort;
    }

    /** Either part may be absent (null port) when the developer points at a server of their own. */
    public static Stack start(Path dir, Integer dbPort, Integer redisPort, String appDbPassword) throws Exception {
        Files.createDirectories(dir);
        RedisServer redis = null;
        if (redisPort != null) {
            redis = EmbeddedRedis.server()
                    .port(redisPort)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    // SlowRedisIT stalls it with DEBUG SLEEP, which Redis 7 refuses unless enabled
                    .setting("enable-debug-command local")
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
        Stack stack = new Stack(dir, db, redis, redisPort == null ? -1 : redisPort);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::closeQuietly, "stack-shutdown"));
        return stack;
    }

    public EmbeddedMariaDb db() {
        return db;
    }

    public String redisUrl() {
        return "redis://127.0.0.1:" + redisPort;
    }

    /**
     * A proxy in front of the stack's Redis, started on first use, for tests that break the network rather than
     * the process: clients that connect to its port can be delayed, frozen or cut while others are not.
     */
    public synchronized FaultProxy redisProxy() {
        if (redisProxy == null) {
            redisProxy = FaultProxy.to(redisPort);
        }
        return redisProxy;
    }

    /** The stack's Redis through {@link #redisProxy()}. */
    public String proxiedRedisUrl() {
        return "redis://127.0.0.1:" + redisProxy().port();
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

    /** SIGKILL, as a crash or the OOM killer would: no goodbye to the clients. {@link #startRedis()} brings it back, empty. */
    public void killRedis() throws IOException {
        long pid;
        try (redis.clients.jedis.Jedis admin = new redis.clients.jedis.Jedis("127.0.0.1", redisPort)) {
            pid = Long.parseLong(admin.info("server").lines()
                    .filter(line -> line.startsWith("process_id:")).findFirst().orElseThrow().substring("process_id:".length()).strip());
        }
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        process.destroyForcibly();
        process.onExit().join();
        redis.stop(); // only forgets the dead process, so that startRedis() starts a new one
    }

    public synchronized void startRedis() throws IOException {
        redis.start();
        if (redisClient != null) {
            redisClient.close(); // its pooled connections died with the old process
            redisClient = null;
        }
    }

    /** Three masters, started on first use (about two seconds). */
    public synchronized EmbeddedRedisCluster redisCluster() throws Exception {
        if (redisCluster == null) {
            long start = System.nanoTime();
            redisCluster = EmbeddedRedisCluster.start(dir.resolve("redis-cluster"));
            System.out.printf("Redis Cluster of three masters at %s, up in %d ms%n", redisCluster.nodes(), elapsedMillis(start));
        }
        return redisCluster;
    }

    /** A master, a replica and a Sentinel, started on first use. */
    public synchronized EmbeddedRedisSentinel redisSentinel() throws Exception {
        if (redisSentinel == null) {
            long start = System.nanoTime();
            redisSentinel = EmbeddedRedisSentinel.start();
            System.out.printf("Redis master, replica and Sentinel at %s, up in %d ms%n", redisSentinel.nodes(), elapsedMillis(start));
        }
        return redisSentinel;
    }

    public Users users() {
        return new Users(db);
    }

    @Override
    public synchronized void close() throws Exception {
        if (redisClient != null) {
            redisClient.close();
        }
        if (redisProxy != null) {
            redisProxy.close();
        }
        try (AutoCloseable database = db; AutoCloseable standalone = this::stopStandaloneRedis;
             AutoCloseable cluster = redisCluster; AutoCloseable sentinel = redisSentinel) {
            redisCluster = null;
            redisSentinel = null;
        }
    }

    private void stopStandaloneRedis() throws IOException {
        if (redis != null && redis.isActive()) {
            redis.stop();
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

    /** Every address of this machine, comma-separated: a test that plays the trusted proxy may reach the server through any of them. */
    public static String thisMachine() {
        try {
            return NetworkInterface.networkInterfaces()
                    .flatMap(NetworkInterface::inetAddresses)
                    .map(address -> address.getHostAddress().replaceAll("%.*", ""))
                    .collect(Collectors.joining(","));
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (!reserved(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
        throw new IOException("No free port that the build has not reserved");
    }

    /**
     * A port the build reserved (it.http.port, ...) for a server it starts later. build-helper only checked that
     * it was free, so the OS may offer it again: a Redis on Payara Micro's port would answer its probes.
     */
    static boolean reserved(int port) {
        String value = Integer.toString(port);
        return System.getProperties().entrySet().stream()
                .anyMatch(property -> property.getKey().toString().endsWith(".port") && property.getValue().equals(value));
    }

    /** Redis puts a cluster node's bus on its port + 10000: both must be free, and below 65536. */
    static int freeClusterPort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(10_000, 30_000);
            if (reserved(port) || reserved(port + 10_000)) {
                continue;
            }
            try (ServerSocket client = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                 ServerSocket bus = new ServerSocket(port + 10_000, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("No free pair of ports p and p + 10000 for a Redis Cluster node");
    }

    /** Polls until the condition holds; a Redis error counts as "not yet". */
    static void await(String what, BooleanSupplier condition) {
        RuntimeException last = null;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); System.nanoTime() < deadline; ) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (redis.clients.jedis.exceptions.JedisException notYet) {
                last = notYet;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for " + what, e);
            }
        }
        throw new IllegalStateException("Waited 60 s in vain for " + what, last);
    }

    private static long elapsedMillis(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    public static void deleteRecursively(Path dir) {
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
