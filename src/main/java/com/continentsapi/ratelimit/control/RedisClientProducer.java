package com.continentsapi.ratelimit.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The Redis client for {@code redis.topology}: standalone ({@code redis.url}), sentinel ({@code redis.nodes} are
 * the sentinels, {@code redis.sentinel.master} the master's name) or cluster ({@code redis.nodes} are seed nodes).
 * Produced as UnifiedJedis, the type every Jedis 8 client shares.
 * Singleton, not ApplicationScoped: the clients have final methods and cannot be proxied.
 */
@ApplicationScoped
public class RedisClientProducer {

    private static final Logger LOG = Logger.getLogger(RedisClientProducer.class.getName());

    enum Topology { STANDALONE, SENTINEL, CLUSTER }

    @Inject
    @ConfigProperty(name = "redis.topology")
    String topology;

    @Inject
    @ConfigProperty(name = "redis.url")
    URI url;

    @Inject
    @ConfigProperty(name = "redis.nodes")
    Optional<String> nodes;

    @Inject
    @ConfigProperty(name = "redis.sentinel.master")
    Optional<String> sentinelMaster;

    @Inject
    @ConfigProperty(name = "redis.user")
    Optional<String> user;

    @Inject
    @ConfigProperty(name = "redis.password")
    Optional<String> password;

    @Inject
    @ConfigProperty(name = "redis.tls")
    boolean tls;

    @Inject
    @ConfigProperty(name = "redis.sentinel.user")
    Optional<String> sentinelUser;

    @Inject
    @ConfigProperty(name = "redis.sentinel.password")
    Optional<String> sentinelPassword;

    /** Short, so that a Redis that stopped answering costs a request this much, not the OS's TCP timeout. */
    @Inject
    @ConfigProperty(name = "redis.timeout-ms")
    int timeoutMillis;

    /** Connections per Redis node and instance. A decision holds one for a single round trip. */
    @Inject
    @ConfigProperty(name = "redis.pool-size")
    int poolSize;

    /** Checks the settings at deployment, so a wrong one stops the app with its name instead of failing later. */
    void validateAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        poolSize();
        String settings = describe();
        LOG.info(() -> "Redis: " + settings);
    }

    @Produces
    @Singleton
    UnifiedJedis redisClient() {
        return switch (topology()) {
            case STANDALONE -> RedisClient.builder()
                    .hostAndPort(JedisURIHelper.getHostAndPort(standaloneUrl()))
                    .clientConfig(timeouts(DefaultJedisClientConfig.builder(url)).clientName("continents").build())
                    .poolConfig(pool())
                    .build();
            case SENTINEL -> RedisSentinelClient.builder()
                    .masterName(required(sentinelMaster, "redis.sentinel.master"))
                    .sentinels(nodes())
                    .clientConfig(nodeConfig())
                    .poolConfig(pool())
                    // Jedis talks to sentinels over plain Jedis connections, which speak RESP2 only and warn unless told
                    .sentinelClientConfig(timeouts(DefaultJedisClientConfig.builder())
                            .autoNegotiateProtocol(false)
                            .user(sentinelUser.orElse(null))
                            .password(sentinelPassword.orElse(null))
                            .ssl(tls)
                            .build())
                    .build();
            // a request to a cluster that does not answer gives up after the timeout instead of retrying 5 times
            case CLUSTER -> RedisClusterClient.builder()
                    .nodes(nodes())
                    .clientConfig(nodeConfig())
                    .poolConfig(pool())
                    .maxAttempts(3)
                    .maxTotalRetriesDuration(Duration.ofMillis(timeoutMillis))
                    .build();
        };
    }

    /**
     * Idle connections are PINGed every second in the background (Jedis's default: every 30 s). Connections that
     * outlived a Redis restart would otherwise each fail one request after Redis is back, and every such failure
     * reopens the circuit breaker for its cool-down (RedisFailClosedIT saw 503s for seconds after Redis returned).
     */
    ConnectionPoolConfig pool() {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        int size = poolSize();
        pool.setMaxTotal(size);
        pool.setMaxIdle(size);
        // A request waits for a free connection no longer than for an answer (Jedis's default: forever).
        pool.setMaxWait(Duration.ofMillis(timeoutMillis));
        pool.setTestWhileIdle(true);
        pool.setNumTestsPerEvictionRun(-1);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(1));
        return pool;
    }

    private int poolSize() {
        if (poolSize < 1) {
            throw new IllegalArgumentException("REDIS_POOL_SIZE (redis.pool-size) must be at least 1, got " + poolSize);
        }
        return poolSize;
    }

    void close(@Disposes UnifiedJedis client) {
        client.close();
    }

    /** The settings in use, without user names or passwords: fit for a log. */
    String describe() {
        return switch (topology()) {
            case STANDALONE -> "standalone at " + standaloneUrl().getScheme() + "://" + JedisURIHelper.getHostAndPort(url)
                    + (JedisURIHelper.hasDbIndex(url) ? "/" + JedisURIHelper.getDBIndex(url) : "");
            case SENTINEL -> "sentinel, master " + required(sentinelMaster, "redis.sentinel.master") + " from " + join(nodes())
                    + (tls ? ", TLS" : "");
            case CLUSTER -> "cluster, seed nodes " + join(nodes()) + (tls ? ", TLS" : "");
        };
    }

    Topology topology() {
        Topology chosen = Arrays.stream(Topology.values())
                .filter(t -> t.name().equalsIgnoreCase(topology.strip()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "redis.topology (REDIS_TOPOLOGY) must be standalone, sentinel or cluster, not '" + topology + "'"));
        if (chosen == Topology.STANDALONE && nodes.isPresent()) {
            throw new IllegalArgumentException(
                    "redis.nodes (REDIS_NODES) is set, but redis.topology (REDIS_TOPOLOGY) is standalone: set it to sentinel or cluster");
        }
        return chosen;
    }

    private URI standaloneUrl() {
        if (!JedisURIHelper.isValid(url)) {
            throw new IllegalArgumentException("redis.url (REDIS_URL) must look like redis://[user:password@]host:port[/db] or rediss://...");
        }
        return url;
    }

    /** How the app talks to the data nodes of a Sentinel or Cluster set-up: the master's, replicas' or shards'. */
    private JedisClientConfig nodeConfig() {
        return timeouts(DefaultJedisClientConfig.builder())
                .user(user.orElse(null))
                .password(password.orElse(null))
                .ssl(tls)
                .clientName("continents")
                .build();
    }

    private DefaultJedisClientConfig.Builder timeouts(DefaultJedisClientConfig.Builder config) {
        return config.connectionTimeoutMillis(timeoutMillis).socketTimeoutMillis(timeoutMillis);
    }

    Set<HostAndPort> nodes() {
        String list = required(nodes, "redis.nodes");
        Set<HostAndPort> parsed = new LinkedHashSet<>();
        for (String node : list.split(",")) {
            if (!node.isBlank()) {
                parsed.add(hostAndPort(node.strip()));
            }
        }
        if (parsed.isEmpty()) {
            throw missing("redis.nodes");
        }
        return parsed;
    }

    private static HostAndPort hostAndPort(String node) {
        int colon = node.lastIndexOf(':');
        String host = colon > 0 ? node.substring(0, colon).replace("[", "").replace("]", "") : "";
        try {
            int port = Integer.parseInt(node.substring(colon + 1));
            if (!host.isEmpty() && port > 0 && port < 65536) {
                return new HostAndPort(host, port);
            }
        } catch (NumberFormatException notAPort) {
            // reported below
        }
        throw new IllegalArgumentException("redis.nodes (REDIS_NODES) must be host:port,host:port,... ; '" + node + "' is not host:port");
    }

    private String required(Optional<String> value, String key) {
        return value.filter(v -> !v.isBlank()).orElseThrow(() -> missing(key));
    }

    private IllegalArgumentException missing(String key) {
        return new IllegalArgumentException(key + " (" + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_")
                + ") is required when redis.topology is " + topology.strip().toLowerCase(Locale.ROOT));
    }

    private static String join(Set<HostAndPort> nodes) {
        return nodes.stream().map(HostAndPort::toString).collect(Collectors.joining(","));
    }
}
