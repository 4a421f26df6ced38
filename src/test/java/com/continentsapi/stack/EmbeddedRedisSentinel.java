package com.continentsapi.stack;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.embedded.RedisSentinel;
import redis.embedded.RedisServer;

/**
 * A master, its replica and a Sentinel watching them, on 127.0.0.1. The app's user has its own password on the
 * data nodes and another one on the Sentinel, so that mixing them up fails. Which node is master changes with
 * {@link #failover()}: ask {@link #masterPort()}.
 */
public final class EmbeddedRedisSentinel implements AutoCloseable {

    public static final String MASTER_NAME = "continents";

    private final List<RedisServer> dataNodes;
    private final List<Integer> dataPorts;
    private final RedisSentinel sentinel;
    private final int sentinelPort;
    private final RedisCredentials data;
    private final RedisCredentials sentinels;

    private EmbeddedRedisSentinel(List<RedisServer> dataNodes, List<Integer> dataPorts, RedisSentinel sentinel, int sentinelPort,
                                  RedisCredentials data, RedisCredentials sentinels) {
        this.dataNodes = dataNodes;
        this.dataPorts = dataPorts;
        this.sentinel = sentinel;
        this.sentinelPort = sentinelPort;
        this.data = data;
        this.sentinels = sentinels;
    }

    static EmbeddedRedisSentinel start() throws Exception {
        RedisCredentials data = RedisCredentials.generate();
        RedisCredentials sentinels = RedisCredentials.generate();
        int masterPort = Stack.freePort();
        int replicaPort = Stack.freePort();
        int sentinelPort = Stack.freePort();
        // A replica's full sync starts at once, not after Redis 7's 5 s wait for more replicas to share a diskless
        // transfer: after each failover the old master syncs with the new one, and the tests wait for that.
        RedisServer master = data.secure(EmbeddedRedis.server()).port(masterPort).bind("127.0.0.1")
                .setting("repl-diskless-sync-delay 0")
                .build();
        RedisServer replica = data.secure(EmbeddedRedis.server()).port(replicaPort).bind("127.0.0.1")
                .setting("replicaof 127.0.0.1 " + masterPort)
                .setting("repl-diskless-sync-delay 0")
                .build();
        RedisSentinel sentinel = EmbeddedRedis.sentinel()
                .port(sentinelPort)
                .bind("127.0.0.1")
                .setting("sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 1")
                .setting("sentinel auth-pass " + MASTER_NAME + " " + data.adminPassword())
                .setting("sentinel down-after-milliseconds " + MASTER_NAME + " 2000")
                .setting("sentinel failover-timeout " + MASTER_NAME + " 10000")
                .setting("requirepass " + sentinels.adminPassword())
                .setting("user " + RedisCredentials.APP_USER + " on >" + sentinels.appPassword() + " " + RedisCredentials.SENTINEL_APP_RULES)
                .build();
        EmbeddedRedisSentinel started = new EmbeddedRedisSentinel(List.of(master, replica), List.of(masterPort, replicaPort),
                sentinel, sentinelPort, data, sentinels);
        try {
            master.start();
            replica.start();
            // started after the replica is in sync, the Sentinel finds it in the master's first INFO, not 10 s later
            Stack.await("the replica to follow the master", () -> started.isReplicaInSync(replicaPort));
            sentinel.start();
            Stack.await("the Sentinel to know a replica it could promote", () -> {
                try (Jedis admin = started.sentinelAdmin()) {
                    return admin.sentinelReplicas(MASTER_NAME).stream().anyMatch(r -> "slave".equals(r.get("flags")));
                }
            });
            return started;
        } catch (Exception e) {
            started.close();
            throw e;
        }
    }

    /** The sentinels, as REDIS_NODES takes them. */
    public String nodes() {
        return "127.0.0.1:" + sentinelPort;
    }

    /** What a deployment of the API sets to use this master through its Sentinel. */
    public Map<String, String> env() {
        return Map.of("REDIS_TOPOLOGY", "sentinel", "REDIS_NODES", nodes(), "REDIS_SENTINEL_MASTER", MASTER_NAME,
                "REDIS_USER", RedisCredentials.APP_USER, "REDIS_PASSWORD", data.appPassword(),
                "REDIS_SENTINEL_USER", RedisCredentials.APP_USER, "REDIS_SENTINEL_PASSWORD", sentinels.appPassword());
    }

    /** The master now, as the Sentinel says. */
    public int masterPort() {
        try (Jedis admin = sentinelAdmin()) {
            return Integer.parseInt(admin.sentinelGetMasterAddrByName(MASTER_NAME).get(1));
        }
    }

    public int replicaPort() {
        int master = masterPort();
        return dataPorts.stream().filter(port -> port != master).findFirst().orElseThrow();
    }

    /**
     * SENTINEL FAILOVER: the replica becomes master, the old master its replica. Returns once the Sentinel
     * names the new master and the old one follows it, so that the next failover finds a replica again.
     */
    public void failover() {
        int oldMaster = masterPort();
        Stack.await("the Sentinel to accept a failover", () -> {
            try (Jedis admin = sentinelAdmin()) {
                admin.sentinelFailover(MASTER_NAME);
                return true;
            } catch (JedisDataException notNow) { // -NOGOODSLAVE or -INPROG
                return false;
            }
        });
        Stack.await("the Sentinel to name the new master", () -> masterPort() != oldMaster);
        // What the Sentinel itself does to an old master that is still up, but only once it has reported itself a
        // master for 8 s (four publish periods, hard-coded against flapping): the tests need not wait for that.
        int newMaster = masterPort();
        try (Jedis old = admin(oldMaster)) {
            if (old.info("replication").contains("role:master")) {
                old.replicaof("127.0.0.1", newMaster);
            }
        }
        Stack.await("the old master to follow the new one", () -> isReplicaInSync(oldMaster));
    }

    /** One data node as its administrator, to look at what it holds. */
    public Jedis admin(int port) {
        return new Jedis(new HostAndPort("127.0.0.1", port), data.adminConfig());
    }

    private Jedis sentinelAdmin() {
        return new Jedis(new HostAndPort("127.0.0.1", sentinelPort), RedisCredentials.adminConfig(sentinels.adminPassword()));
    }

    private boolean isReplicaInSync(int port) {
        try (Jedis node = admin(port)) {
            String replication = node.info("replication");
            return replication.contains("role:slave") && replication.contains("master_link_status:up");
        }
    }

    @Override
    public void close() throws IOException {
        if (sentinel.isActive()) {
            sentinel.stop();
        }
        for (RedisServer node : dataNodes) {
            if (node.isActive()) {
                node.stop();
            }
        }
    }
}
