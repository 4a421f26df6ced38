package com.continentsapi.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.Deployments;
import com.continentsapi.stack.EmbeddedRedisCluster;
import com.continentsapi.stack.RedisTopology;
import com.continentsapi.stack.Stack;
import com.continentsapi.stack.StackSession;
import java.net.URL;
import java.util.Locale;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** The deployed API limits its users through a Redis Cluster, given the settings server-config/redis documents. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ClusterRateLimitIT {

    @ArquillianResource
    URL base;

    /** REDIS_TOPOLOGY=cluster, REDIS_NODES, REDIS_USER, REDIS_PASSWORD, as the WAR's config defaults. */
    @Deployment(testable = false)
    static WebArchive war() throws Exception {
        return Deployments.war(RedisTopology.CLUSTER.env().entrySet().stream()
                .map(variable -> variable.getKey().toLowerCase(Locale.ROOT).replace('_', '.') + "=" + variable.getValue())
                .toArray(String[]::new));
    }

    @Test
    void usersAreLimitedWithCountersInTheCluster() throws Exception {
        Api api = new Api(base);
        Stack stack = StackSession.stack();
        String user = stack.users().fresh("cluster", "cluster password");

        for (int i = 0; i < 5; i++) {
            assertEquals(200, api.get("continents", user, "cluster password").statusCode());
        }
        assertEquals(429, api.get("continents", user, "cluster password").statusCode());

        String counters = "rl:{" + user + "}*";
        EmbeddedRedisCluster cluster = stack.redisCluster();
        int mastersWithTheUsersCounters = 0;
        for (int port : cluster.ports()) {
            try (Jedis master = cluster.admin(port)) {
                mastersWithTheUsersCounters += master.keys(counters).isEmpty() ? 0 : 1;
            }
        }
        assertEquals(1, mastersWithTheUsersCounters, "one hash tag, one slot, one master");
        assertTrue(stack.redis().keys(counters).isEmpty(), "nothing in the standalone Redis of REDIS_URL");
    }
}
