package com.continentsapi.ratelimit.redis;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.providers.ConnectionProvider;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The Redis client for the configured topology, produced as UnifiedJedis, the type every Jedis 8 client shares.
 * Singleton, not ApplicationScoped: the clients have final methods and cannot be proxied.
 */
@ApplicationScoped
public class RedisClientProducer {

    @Inject
    RedisSettings settings;

    @Produces
    @Singleton
    UnifiedJedis redisClient() {
        return client(settings);
    }

    static UnifiedJedis client(RedisSettings settings) {
        return switch (settings.topology()) {
            case STANDALONE -> RedisClient.builder()
                    .hostAndPort(JedisURIHelper.getHostAndPort(settings.url()))
                    .clientConfig(subscriptions(timeouts(DefaultJedisClientConfig.builder(settings.url()), settings), settings)
                            .clientName("continents").build())
                    .poolConfig(pool(settings))
                    .build();
            case SENTINEL -> RedisSentinelClient.builder()
                    .masterName(settings.sentinelMaster())
                    .sentinels(settings.nodes())
                    .clientConfig(nodeConfig(settings))
                    .poolConfig(pool(settings))
                    // Jedis talks to sentinels over plain Jedis connections, which speak RESP2 only and warn unless told
                    .sentinelClientConfig(timeouts(DefaultJedisClientConfig.builder(), settings)
                            .autoNegotiateProtocol(false)
                            .user(settings.sentinelUser().orElse(null))
                            .password(settings.sentinelPassword().orElse(null))
                            .ssl(settings.tls())
                            .build())
                    .build();
            // a request to a cluster that does not answer gives up after the timeout instead of retrying 5 times
            case CLUSTER -> {
                SlotMapBuilder builder = new SlotMapBuilder();
                builder.nodes(settings.nodes())
                        .clientConfig(nodeConfig(settings))
                        .poolConfig(pool(settings))
                        .maxAttempts(3)
                        .maxTotalRetriesDuration(Duration.ofMillis(settings.timeoutMillis()));
                RedisClusterClient cluster = builder.build();
                RedisNodes.slotMapOf(cluster, builder.slotMap);
                yield cluster;
            }
        };
    }

    /**
     * Idle connections are PINGed every second in the background (Jedis's default: every 30 s). Connections that
     * outlived a Redis restart would otherwise each fail one request after Redis is back, and every such failure
     * reopens the circuit breaker for its cool-down (RedisFailClosedIT saw 503s for seconds after Redis returned).
     */
    static ConnectionPoolConfig pool(RedisSettings settings) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.poolSize());
        pool.setMaxIdle(settings.poolSize());
        // A request waits for a free connection no longer than for an answer (Jedis's default: forever).
        pool.setMaxWait(Duration.ofMillis(settings.timeoutMillis()));
        pool.setTestWhileIdle(true);
        pool.setNumTestsPerEvictionRun(-1);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(1));
        return pool;
    }

    /** Jedis's own builder, holding on to the slot map it makes, so that {@link RedisNodes} can tell a key's master. */
    private static final class SlotMapBuilder extends RedisClusterClient.Builder {
        private ClusterConnectionProvider slotMap;

        @Override
        protected ConnectionProvider createDefaultConnectionProvider() {
            ConnectionProvider provider = super.createDefaultConnectionProvider();
            slotMap = (ClusterConnectionProvider) provider;
            return provider;
        }
    }

    void close(@Disposes UnifiedJedis client) {
        client.close();
    }

    /** How the app talks to the data nodes of a Sentinel or Cluster set-up: the master's, replicas' or shards'. */
    private static JedisClientConfig nodeConfig(RedisSettings settings) {
        return subscriptions(timeouts(DefaultJedisClientConfig.builder(), settings), settings)
                .user(settings.user().orElse(null))
                .password(settings.password().orElse(null))
                .ssl(settings.tls())
                .clientName("continents")
                .build();
    }

    /**
     * Jedis reads a subscription without a timeout (its "blocking" timeout, 0 by default), so one whose network went
     * silent would wait for TCP keepalive, hours. LimitChanges pings its subscription every subscription-ping-ms;
     * nothing back within that plus the timeout fails the read, and LimitChanges subscribes again. Not on the
     * Sentinel client's own config: nobody pings Jedis's subscription to the sentinels.
     */
    private static DefaultJedisClientConfig.Builder subscriptions(DefaultJedisClientConfig.Builder config, RedisSettings settings) {
        return config.blockingSocketTimeoutMillis(settings.subscriptionPingMillis() + settings.timeoutMillis());
    }

    private static DefaultJedisClientConfig.Builder timeouts(DefaultJedisClientConfig.Builder config, RedisSettings settings) {
        return config.connectionTimeoutMillis(settings.timeoutMillis()).socketTimeoutMillis(settings.timeoutMillis());
    }
}
