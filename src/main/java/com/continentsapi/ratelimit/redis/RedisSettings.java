package com.continentsapi.ratelimit.redis;

import com.continentsapi.configuration.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Everything under {@code redis.} ({@code REDIS_}), read and checked once at deployment: server-config/redis/README.md.
 * {@code nodes} are the sentinels (sentinel) or seed nodes (cluster); standalone has none and uses {@code url}.
 */
public record RedisSettings(Topology topology, URI url, Set<HostAndPort> nodes, String sentinelMaster,
                            Optional<String> user, Optional<String> password, boolean tls,
                            Optional<String> sentinelUser, Optional<String> sentinelPassword,
                            int timeoutMillis, int poolSize, int pipelineLimit, int pipelineLanes,
                            int subscriptionPingMillis) {

    public static final String PREFIX = "redis";
    public static final List<String> KEYS = List.of("topology", "url", "nodes", "sentinel.master", "user", "password",
            "tls", "sentinel.user", "sentinel.password", "timeout-ms", "pool-size",
            "pipeline-limit", "pipeline-lanes", "subscription-ping-ms");

    public enum Topology { STANDALONE, SENTINEL, CLUSTER }

    public RedisSettings {
        nodes = Collections.unmodifiableSet(new LinkedHashSet<>(nodes));
    }

    public static RedisSettings read(Config config) {
        return read(Settings.of(PREFIX, config));
    }

    public static RedisSettings read(Settings settings) {
        Topology topology = Topology.valueOf(settings.choice("topology", "standalone", "sentinel", "cluster").toUpperCase(Locale.ROOT));
        Set<HostAndPort> nodes = topology == Topology.STANDALONE ? Set.of() : nodes(settings);
        if (topology == Topology.STANDALONE && settings.optional("nodes").isPresent()) {
            throw settings.invalid("nodes", "is set, but redis.topology (REDIS_TOPOLOGY) is standalone: set it to sentinel or cluster");
        }
        URI url = url(settings);
        if (!JedisURIHelper.isValid(url)) {
            throw settings.invalid("url", "must look like redis://[user:password@]host:port[/db] or rediss://...");
        }
        settings.refuseUnknown(KEYS);
        return new RedisSettings(topology, url, nodes,
                topology == Topology.SENTINEL ? required(settings, "sentinel.master", topology) : "",
                settings.optional("user"), settings.optional("password"), settings.flag("tls"),
                settings.optional("sentinel.user"), settings.optional("sentinel.password"),
                (int) settings.number("timeout-ms", 1, 600_000), (int) settings.number("pool-size", 1, 10_000),
                (int) settings.number("pipeline-limit", 1, 10_000), (int) settings.number("pipeline-lanes", 1, 10_000),
                (int) settings.number("subscription-ping-ms", 1, 600_000));
    }

    /** The settings in use, without user names or passwords: fit for a log. */
    public String describe() {
        return switch (topology) {
            case STANDALONE -> "standalone at " + url.getScheme() + "://" + JedisURIHelper.getHostAndPort(url)
                    + (JedisURIHelper.hasDbIndex(url) ? "/" + JedisURIHelper.getDBIndex(url) : "");
            case SENTINEL -> "sentinel, master " + sentinelMaster + " from " + join(nodes) + (tls ? ", TLS" : "");
            case CLUSTER -> "cluster, seed nodes " + join(nodes) + (tls ? ", TLS" : "");
        };
    }

    /** Never the record's own form: it would print the passwords. */
    @Override
    public String toString() {
        return describe();
    }

    /** The parser's reason and position, never the value: it holds the password. No cause either, its message quotes it. */
    private static URI url(Settings settings) {
        try {
            return new URI(settings.text("url"));
        } catch (URISyntaxException malformed) {
            throw settings.invalid("url", "is not a URL: " + malformed.getReason() + " at character " + malformed.getIndex()
                    + " (percent-encode '%', '@', ':', '/' and spaces in the user name and password)");
        }
    }

    private static Set<HostAndPort> nodes(Settings settings) {
        Set<HostAndPort> parsed = new LinkedHashSet<>();
        for (String node : settings.list("nodes")) {
            parsed.add(hostAndPort(settings, node));
        }
        if (parsed.isEmpty()) {
            throw settings.invalid("nodes", "is required when redis.topology is sentinel or cluster");
        }
        return parsed;
    }

    private static HostAndPort hostAndPort(Settings settings, String node) {
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
        throw settings.invalid("nodes", "must be host:port,host:port,... ; '" + node + "' is not host:port");
    }

    private static String required(Settings settings, String key, Topology topology) {
        return settings.optional(key).orElseThrow(() -> settings.invalid(key,
                "is required when redis.topology is " + topology.name().toLowerCase(Locale.ROOT)));
    }

    private static String join(Set<HostAndPort> nodes) {
        return nodes.stream().map(HostAndPort::toString).collect(Collectors.joining(","));
    }
}
