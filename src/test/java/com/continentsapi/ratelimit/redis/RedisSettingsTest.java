package com.continentsapi.ratelimit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A Redis setting that cannot work stops the app at deployment, naming the variable to fix; no secret reaches the log. */
class RedisSettingsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown topology          | REDIS_TOPOLOGY=galaxy                                                | REDIS_TOPOLOGY
            sentinel without nodes    | REDIS_TOPOLOGY=sentinel;REDIS_SENTINEL_MASTER=continents             | REDIS_NODES
            sentinel without master   | REDIS_TOPOLOGY=sentinel;REDIS_NODES=10.0.0.1:26379                   | REDIS_SENTINEL_MASTER
            cluster without nodes     | REDIS_TOPOLOGY=cluster                                               | REDIS_NODES
            cluster with blank nodes  | REDIS_TOPOLOGY=cluster;REDIS_NODES= , ,                              | REDIS_NODES
            a node without port       | REDIS_TOPOLOGY=cluster;REDIS_NODES=10.0.0.1:7000,redis.example       | redis.example
            a node with a bad port    | REDIS_TOPOLOGY=cluster;REDIS_NODES=10.0.0.1:70000                    | 10.0.0.1:70000
            nodes but standalone      | REDIS_NODES=10.0.0.1:7000                                            | REDIS_TOPOLOGY
            not a Redis URL           | REDIS_URL=http://10.0.0.1:6379                                       | REDIS_URL
            a pool of no connection   | REDIS_POOL_SIZE=0                                                    | REDIS_POOL_SIZE
            a typo in a variable      | REDIS_PASWORD=s3cret                                                 | did you mean REDIS_PASSWORD?
            a typo in a key           | redis.timeout=500                                                    | did you mean redis.timeout-ms?
            """)
    void aSettingThatCannotWorkStopsTheApp(String problem, String variables, String named) {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ConfiguredRedisClient.settings(env(variables)));
        assertTrue(refused.getMessage().contains(named), refused.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            standalone | REDIS_URL=rediss://limiter:s3cret-pw@10.0.0.1:6380/2
            sentinel   | REDIS_TOPOLOGY=sentinel;REDIS_NODES=10.0.0.1:26379,10.0.0.2:26379;REDIS_SENTINEL_MASTER=continents;REDIS_USER=limiter;REDIS_PASSWORD=s3cret-pw;REDIS_SENTINEL_USER=watcher;REDIS_SENTINEL_PASSWORD=s3cret-pw;REDIS_TLS=true
            cluster    | REDIS_TOPOLOGY=Cluster;REDIS_NODES=10.0.0.1:7000, [::1]:7001;REDIS_USER=limiter;REDIS_PASSWORD=s3cret-pw
            """)
    void theLoggedSettingsNameTheServersButNoSecret(String topology, String variables) {
        RedisSettings settings = ConfiguredRedisClient.settings(env(variables));
        String logged = settings.describe();
        assertEquals(logged, settings.toString(), "the record's own form would print the passwords");
        assertTrue(logged.toLowerCase().startsWith(topology), logged);
        assertTrue(logged.contains("10.0.0.1"), logged);
        assertFalse(logged.contains("s3cret-pw"), logged);
        assertFalse(logged.contains("limiter") || logged.contains("watcher"), logged);
    }

    /** An unescaped '%' in the password: the URL cannot be parsed, and the refusal names the setting, never its value. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a percent before non-hex | redis://:pa%ss-s3cret@10.0.0.1:6379
            a percent at the end     | redis://limiter:s3cret%@10.0.0.1:6379
            a space in the password  | redis://limiter:s3cret pw@10.0.0.1:6379
            """)
    void aMalformedUrlIsRefusedNamingTheSettingButNotItsValue(String problem, String url) {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> ConfiguredRedisClient.settings(Map.of("REDIS_URL", url)));
        assertTrue(refused.getMessage().contains("REDIS_URL"), refused.getMessage());
        for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
            assertFalse(cause.getMessage() != null && (cause.getMessage().contains("s3cret") || cause.getMessage().contains("10.0.0.1")),
                    "the value is in the message: " + cause);
        }
    }

    /** A pod next to a Kubernetes Service called redis, or a container with a Docker link named redis, still starts. */
    @Test
    void variablesThatKubernetesAndDockerInjectForAServiceNamedRedisAreNotTypos() {
        RedisSettings settings = ConfiguredRedisClient.settings(env("REDIS_SERVICE_HOST=10.0.0.7;REDIS_SERVICE_PORT=6379;"
                + "REDIS_SERVICE_PORT_REDIS=6379;REDIS_PORT=tcp://10.0.0.7:6379;REDIS_PORT_6379_TCP=tcp://10.0.0.7:6379;"
                + "REDIS_PORT_6379_TCP_ADDR=10.0.0.7;REDIS_PORT_6379_TCP_PORT=6379;REDIS_PORT_6379_TCP_PROTO=tcp;"
                + "REDIS_NAME=/api/redis;REDIS_ENV_REDIS_VERSION=7.0"));
        assertEquals("standalone at redis://localhost:6379", settings.describe(), "they configure nothing either");
    }

    static Map<String, String> env(String variables) {
        Map<String, String> env = new HashMap<>();
        for (String assignment : variables.split(";")) {
            String[] nameAndValue = assignment.split("=", 2);
            env.put(nameAndValue[0].strip(), nameAndValue[1]);
        }
        return env;
    }
}
