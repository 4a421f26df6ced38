package com.continentsapi.bench;

import com.continentsapi.ratelimit.entity.Algorithm;
import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.ratelimit.redis.DecisionBatches;
import com.continentsapi.ratelimit.redis.DecisionScript;
import com.continentsapi.stack.EmbeddedRedis;
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
import java.util.concurrent.atomic.LongAdder;
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
import redis.clients.jedis.exceptions.JedisException;
import redis.embedded.RedisServer;

/**
 * One rate limit decision against a real Redis (the build's embedded one, on loopback), through the limiter's
 * {@link DecisionBatches} for each algorithm, batching off (one round trip per decision) and on, beside Bucket4j's Jedis integration (compare-and-swap proxy
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

        /** off: every decision its own round trip (REDIS_PIPELINE_LIMIT=1); on: the app's defaults. */
        @Param({"off", "on"})
        String batching;

        /** Round trips in flight at once when batching (REDIS_PIPELINE_LANES). */
        @Param({"2"})
        int lanes;

        RedisServer server;
        UnifiedJedis client;
        Policy policy;
        final DecisionScript script = new DecisionScript();
        final RoundTripCount roundTrips = new RoundTripCount();
        DecisionBatches batches;
        long evalshasBefore;
        double cpuBefore;
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
            server = EmbeddedRedis.server().port(port).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").build();
            server.start();
            GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
            pool.setMaxTotal(POOL);
            pool.setMaxIdle(POOL);
            client = RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", port))
                    .clientConfig(DefaultJedisClientConfig.builder().build()).poolConfig(pool).build();
            batches = new DecisionBatches(script, () -> client, batching.equals("on") ? 64 : 1, lanes, roundTrips);
            policy = new Policy("bench", Algorithm.valueOf(algorithm.toUpperCase().replace('-', '_')), LIMIT, WINDOW_SECONDS, LIMIT);
            bucket4j = Bucket4jJedis.casBasedBuilder(client)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(WINDOW_SECONDS)))
                    .build();
        }

        @Setup(Level.Iteration)
        public void count() {
            roundTrips.reset();
            evalshasBefore = stat("commandstats", "cmdstat_evalsha:calls=");
            cpuBefore = redisCpuSeconds();
        }

        /** What the iteration cost: from the client's own count, and from Redis's INFO. */
        @TearDown(Level.Iteration)
        public void report() {
            long decisions = roundTrips.decisions.sum();
            if (decisions > 0) {
                System.out.printf("%n[decisions] %s batching=%s lanes=%d: %d decisions in %d round trips (%.2f per round trip), "
                                + "%d EVALSHA, Redis CPU %.1f us per decision%n",
                        algorithm, batching, lanes, decisions, roundTrips.trips.sum(), (double) decisions / roundTrips.trips.sum(),
                        stat("commandstats", "cmdstat_evalsha:calls=") - evalshasBefore, (redisCpuSeconds() - cpuBefore) * 1e6 / decisions);
            }
        }

        private long stat(String section, String prefix) {
            return client.info(section).lines().filter(line -> line.startsWith(prefix))
                    .mapToLong(line -> Long.parseLong(line.substring(prefix.length()).split(",")[0])).sum();
        }

        private double redisCpuSeconds() {
            return client.info("cpu").lines().filter(line -> line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(':') + 1).strip())).sum();
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

    /** Counts what the limiter's breaker and metrics are told: round trips, and the decisions they carried. */
    static final class RoundTripCount implements DecisionBatches.RoundTrips {
        final LongAdder trips = new LongAdder();
        final LongAdder decisions = new LongAdder();

        void reset() {
            trips.reset();
            decisions.reset();
        }

        @Override
        public void answered(int decisions, long nanos) {
            trips.increment();
            this.decisions.add(decisions);
        }

        @Override
        public void failed(JedisException cause) {
            throw new IllegalStateException("A benchmark's Redis failed", cause);
        }
    }

    private static boolean continents(Redis redis, Caller caller) {
        List<Decision> decisions = redis.batches.decide(caller.keys, List.of(redis.policy), 1);
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

    @Benchmark
    @Threads(64)
    public boolean continents64(Redis redis, Caller caller) {
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

    @Benchmark
    @Threads(64)
    public boolean bucket4j64(Caller caller) {
        return caller.bucket.tryConsume(1);
    }
}
