package com.continentsapi.stack;

import static redis.embedded.model.OsArchitecture.MAC_OS_X_ARM64;
import static redis.embedded.model.OsArchitecture.MAC_OS_X_x86_64;
import static redis.embedded.model.OsArchitecture.UNIX_AARCH64;
import static redis.embedded.model.OsArchitecture.UNIX_x86;
import static redis.embedded.model.OsArchitecture.UNIX_x86_64;

import java.io.File;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import redis.embedded.RedisSentinel;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.core.RedisSentinelBuilder;
import redis.embedded.core.RedisServerBuilder;
import redis.embedded.model.OsArchitecture;

/**
 * Every Redis of the tests: Redis 7.0.15, the binaries of org.signal:embedded-redis that the build unpacks into
 * target/redis, started through codemonstur's builder (whose own binaries are Redis 6.2). Users run 7 and later,
 * and 7 changed what an ACL user may do by default: no pub/sub channel unless granted.
 */
public final class EmbeddedRedis {

    public static final String VERSION = "7.0.15";

    private static final Map<OsArchitecture, String> BINARIES = Map.of(
            UNIX_x86_64, "linux-amd64", UNIX_AARCH64, "linux-arm64", UNIX_x86, "linux-386",
            MAC_OS_X_x86_64, "darwin-amd64", MAC_OS_X_ARM64, "darwin-arm64");

    /**
     * A copy per server, in a directory of its own: Redis works in its binary's directory, where a replica writes
     * the master's data (dump.rdb), and a cluster node started there would load it and claim its keys' slots.
     */
    private static final ExecutableProvider REDIS_7 = () -> {
        OsArchitecture platform = OsArchitecture.detectOSandArchitecture();
        Path binary = Stack.file("target/redis/redis-server-" + VERSION + "-" + BINARIES.get(platform));
        if (!BINARIES.containsKey(platform) || !Files.isRegularFile(binary)) {
            throw new FileNotFoundException("No Redis " + VERSION + " for " + platform + " at " + binary + ": run the build's generate-test-resources");
        }
        Path copy = Files.copy(binary, Files.createTempDirectory("redis-").resolve(binary.getFileName()));
        File executable = copy.toFile();
        executable.setExecutable(true);
        executable.deleteOnExit();
        executable.getParentFile().deleteOnExit();
        return executable;
    };

    private EmbeddedRedis() {
    }

    public static RedisServerBuilder server() {
        return RedisServer.newRedisServer().executableProvider(REDIS_7);
    }

    public static RedisSentinelBuilder sentinel() {
        return RedisSentinel.newRedisSentinel().executableProvider(REDIS_7);
    }
}
