package com.continentsapi.bench;

import com.continentsapi.ratelimit.control.DecisionScript;
import com.continentsapi.ratelimit.entity.Algorithm;
import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Policy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.embedded.RedisServer;

/**
 * One rate limit decision against a real Redis (the build's embedded one, on loopback), through the limiter's
 * {@link DecisionScript} for each algorithm, beside Bucket4j's Jedis integration (compare-and-swap proxy
 * manager) with the same limit. Each benchmark thread is its own caller (key), and no limit is ever reached:
 * the allow path. Run: {@code ./mvnw -Pbench test-compile exec:exec} (see bench/BENCHMARKS.md).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 2, time = 5)
@Fork(1)
public class DecisionBenchmark {

    static final long LIMIT = 1_000_000_000L;
    static final long WINDOW_SECONDS = 3600;
    /** The pool of the app's client (RedisClientProducer) and of Bucket4j's, so both get the same connections. */
    static final int POOL = Integer.getInteger("bench.pool", 16);

    @State(Scope.Benchmark)
    public static class Redis {
        @Param({"fixed-window", "sliding-window", "token-bucket", "gcra"})
        String algorithm;

        RedisServer server;
        UnifiedJedis client;
        Policy policy;
        final DecisionScript script = new DecisionScript();
        ProxyManager<byte[]> bucket4j;
        final BucketConfiguration bucketConfiguration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(LIMIT).refillGreedy(LIMIT, Duration.ofSeconds(WINDOW_SECONDS)))
                .build();
        final AtomicInteger callers = new AtomicInteger();

        @Setup(Level.Trial)
        public void start() throws Exception {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").build();
            server.start();
            GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
            pool.setMaxTotal(POOL);
            pool.setMaxIdle(POOL);
            client = RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", port))
                    .clientConfig(DefaultJedisClientConfig.builder().build()).poolConfig(pool).build();
            policy = new Policy("bench", Algorithm.valueOf(algorithm.toUpperCase().replace('-', '_')), LIMIT, WINDOW_SECONDS, LIMIT);
            bucket4j = Bucket4jJedis.casBasedBuilder(client)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(WINDOW_SECONDS)))
                    .build();
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            client.close();
            server.stop();
        }
    }

    @State(Scope.Thread)
    public static class Caller {
        List<String> keys;
        Bucket bucket;

        @Setup(Level.Trial)
        public void name(Redis redis) {
            String name = "rl:{bench-" + redis.callers.incrementAndGet() + "}:";
            keys = List.of(name + redis.algorithm);
            bucket = redis.bucket4j.builder().build((name + "bucket4j").getBytes(StandardCharsets.UTF_8), () -> redis.bucketConfiguration);
        }
    }

    private static boolean continents(Redis redis, Caller caller) {
        List<Decision> decisions = redis.script.decide(redis.client, caller.keys, List.of(redis.policy), 1);
        return !decisions.get(0).limited();
    }

    @Benchmark
    @Threads(1)
    public boolean continents1(Redis redis, Caller caller) {
        return continents(redis, caller);
    }

    @Benchmark
    @Threads(16)
    public boolean continents16(Redis redis, Caller caller) {
        return continents(redis, caller);
    }

    /** Bucket4j has one algorithm (token bucket); it runs once per algorithm parameter, as a control. */
    @Benchmark
    @Threads(1)
    public boolean bucket4j1(Caller caller) {
        return caller.bucket.tryConsume(1);
    }

    @Benchmark
    @Threads(16)
    public boolean bucket4j16(Caller caller) {
        return caller.bucket.tryConsume(1);
    }
}
