package com.continentsapi.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;
import redis.embedded.RedisServer;

/**
 * A Redis Cluster of three masters on 127.0.0.1, each with a third of the slots and no replica, set up the way
 * redis-cli --cluster create does it (MEET, ADDSLOTS). The app's user may only touch rl:* keys; the stack
 * administers the nodes as the default user. Both passwords are made up per start.
 * <p>
 * Clients reach each node through its own {@link FaultProxy}: the nodes announce the proxies' ports, so that a
 * test can stall, slow or cut one shard while the others answer. The nodes talk to each other directly.
 */
public final class EmbeddedRedisCluster implements AutoCloseable {

    private static final int SLOTS = 16384;

    private final List<RedisServer> servers;
    /** The nodes' own ports, and the proxies in front of them, in the same order. */
    private final List<Integer> ports;
    private final List<FaultProxy> proxies;
    private final RedisCredentials credentials;

    private EmbeddedRedisCluster(List<RedisServer> servers, List<Integer> ports, List<FaultProxy> proxies, RedisCredentials credentials) {
        this.servers = servers;
        this.ports = ports;
        this.proxies = proxies;
        this.credentials = credentials;
    }

    static EmbeddedRedisCluster start(Path dir) throws Exception {
        Stack.deleteRecursively(dir);
        Files.createDirectories(dir);
        RedisCredentials credentials = RedisCredentials.generate();
        List<RedisServer> servers = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        List<FaultProxy> proxies = new ArrayList<>();
        EmbeddedRedisCluster cluster = new EmbeddedRedisCluster(servers, ports, proxies, credentials);
        try {
            for (int i = 0; i < 3; i++) {
                int port = Stack.freeClusterPort();
                FaultProxy proxy = FaultProxy.to(port);
                proxies.add(proxy);
                RedisServer server = credentials.secure(EmbeddedRedis.server())
                        .port(port)
                        .bind("127.0.0.1")
                        .setting("cluster-enabled yes")
                        .setting("cluster-config-file \"" + dir.resolve("nodes-" + port + ".conf") + "\"")
                        // what the nodes tell clients in MOVED replies and CLUSTER SLOTS: reachable from here
                        .setting("cluster-announce-ip 127.0.0.1")
                        .setting("cluster-announce-port " + proxy.port())
                        .setting("cluster-announce-bus-port " + (port + 10000))
                        .setting("cluster-node-timeout 5000")
                        .build();
                server.start();
                servers.add(server);
                ports.add(port);
            }
            cluster.form();
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    private void form() throws InterruptedException {
        for (int i = 0; i < ports.size(); i++) {
            try (Jedis node = admin(ports.get(i))) {
                if (i > 0) {
                    node.clusterMeet("127.0.0.1", ports.getFirst());
                }
                node.clusterAddSlots(IntStream.range(SLOTS * i / ports.size(), SLOTS * (i + 1) / ports.size()).toArray());
            }
        }
        for (int port : ports) {
            try (Jedis node = admin(port)) {
                Stack.await("cluster node " + port + " to see the whole cluster", () -> {
                    String info = node.clusterInfo();
                    return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + ports.size());
                });
            }
        }
    }

    /** The seed nodes, as REDIS_NODES takes them: 127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3 (the proxies). */
    public String nodes() {
        return ports().stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** The ports clients use: the proxies'. */
    public List<Integer> ports() {
        return proxies.stream().map(FaultProxy::port).toList();
    }

    /** The proxy in front of the node that holds this key's slot. */
    public FaultProxy proxyOf(String key) {
        int slot = JedisClusterCRC16.getSlot(key);
        int node = 0;
        while (slot >= SLOTS * (node + 1) / proxies.size()) {
            node++;
        }
        return proxies.get(node);
    }

    /** Every node back to a healthy network. */
    public void heal() {
        proxies.forEach(FaultProxy::pass);
    }

    /** What a deployment of the API sets to use this cluster. */
    public Map<String, String> env() {
        return Map.of("REDIS_TOPOLOGY", "cluster", "REDIS_NODES", nodes(),
                "REDIS_USER", RedisCredentials.APP_USER, "REDIS_PASSWORD", credentials.appPassword());
    }

    /** One node (by a port of {@link #ports()}) as its administrator, to look at what it holds: straight, not through its proxy. */
    public Jedis admin(int port) {
        int node = ports().indexOf(port);
        return new Jedis(new HostAndPort("127.0.0.1", node < 0 ? port : ports.get(node)), credentials.adminConfig());
    }

    @Override
    public void close() throws IOException {
        proxies.forEach(FaultProxy::close);
        for (RedisServer server : servers) {
            if (server.isActive()) {
                server.stop();
            }
        }
    }
}
