package com.continentsapi.ratelimit.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A Redis setting that cannot work stops the app at deployment, naming the variable to fix; no secret reaches the log. */
class RedisClientProducerTest {

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
            """)
    void aSettingThatCannotWorkStopsTheApp(String problem, String variables, String named) {
        RedisClientProducer producer = ConfiguredRedisClient.producer(env(variables));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> producer.validateAtStart(new Object()));
        assertTrue(refused.getMessage().contains(named), refused.getMessage());
        assertThrows(IllegalArgumentException.class, producer::redisClient);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            standalone | REDIS_URL=rediss://limiter:s3cret-pw@10.0.0.1:6380/2
            sentinel   | REDIS_TOPOLOGY=sentinel;REDIS_NODES=10.0.0.1:26379,10.0.0.2:26379;REDIS_SENTINEL_MASTER=continents;REDIS_USER=limiter;REDIS_PASSWORD=s3cret-pw;REDIS_SENTINEL_USER=watcher;REDIS_SENTINEL_PASSWORD=s3cret-pw;REDIS_TLS=true
            cluster    | REDIS_TOPOLOGY=Cluster;REDIS_NODES=10.0.0.1:7000, [::1]:7001;REDIS_USER=limiter;REDIS_PASSWORD=s3cret-pw
            """)
    void theLoggedSettingsNameTheServersButNoSecret(String topology, String variables) {
        String logged = ConfiguredRedisClient.producer(env(variables)).describe();
        assertTrue(logged.toLowerCase().startsWith(topology), logged);
        assertTrue(logged.contains("10.0.0.1"), logged);
        assertFalse(logged.contains("s3cret-pw"), logged);
        assertFalse(logged.contains("limiter") || logged.contains("watcher"), logged);
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
