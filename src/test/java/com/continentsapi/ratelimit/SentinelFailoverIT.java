package com.continentsapi.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.Deployments;
import com.continentsapi.Load;
import com.continentsapi.StructuredFields;
import com.continentsapi.stack.EmbeddedRedisSentinel;
import com.continentsapi.stack.RedisTopology;
import com.continentsapi.stack.StackSession;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deployed API through a Sentinel while the master fails over to its replica. Replication is asynchronous:
 * decisions the old master acknowledged but had not yet sent to the replica are lost with it (the callers get
 * those requests again), but what was replicated before the failover still counts.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SentinelFailoverIT {

    /** Never reached: the load runs until an answer after the failover, however long that takes (up to 10 s). */
    static final long LIMIT = 1_000_000;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive war() throws Exception {
        return Deployments.on(RedisTopology.SENTINEL);
    }

    @Test
    void serviceContinuesThroughAFailoverAndReplicatedCountsSurviveIt() throws Exception {
        Api api = new Api(base);
        String user = StackSession.stack().users().fresh("failover", "failover password", Deployments.ROOMY);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, api.get("continents", user, "failover password").statusCode());
        }
        EmbeddedRedisSentinel sentinel = StackSession.stack().redisSentinel();
        awaitReplicated(sentinel, user);

        List<Load.Answer> answers;
        try (Load load = Load.start(api, "continents", Api.basic(user, "failover password"), 4)) {
            load.awaitMore(5);
            sentinel.failover();
            long failedOver = System.nanoTime();
            load.awaitAnswer(10, answer -> answer.sentAfter(failedOver)
                    && answer.response() != null && answer.response().headers().firstValue("RateLimit").isPresent());
            answers = load.stop();
        }

        String summary = answers.stream().collect(Collectors.groupingBy(Load.Answer::toString, Collectors.counting())).toString();
        assertTrue(answers.stream().allMatch(answer -> answer.status() == 200), "served throughout: " + summary);
        HttpResponse<String> next = api.get("continents", user, "failover password");
        long spent = LIMIT - ((Number) StructuredFields.list(next.headers().firstValue("RateLimit").orElseThrow()).get(Deployments.ROOMY).get("r")).longValue();
        long decided = 3 + answers.stream().filter(answer -> answer.response().headers().firstValue("RateLimit").isPresent()).count() + 1;
        assertTrue(spent >= 4, "the 3 requests replicated before the failover still count: spent " + spent);
        assertTrue(spent <= decided, spent + " spent, " + decided + " decided");
        System.out.printf("Sentinel failover under load: %s; %d of %d decisions survived%n", summary, spent, decided);
    }

    /** The replica has the user's counter, so the failover cannot lose it (a WAIT 1 the app does not do). */
    private static void awaitReplicated(EmbeddedRedisSentinel sentinel, String user) throws InterruptedException {
        String key = "rl:{" + user + "}:" + Deployments.ROOMY;
        for (int i = 0; i < 100; i++) {
            try (var master = sentinel.admin(sentinel.masterPort()); var replica = sentinel.admin(sentinel.replicaPort())) {
                String counted = master.get(key);
                if (counted != null && counted.equals(replica.get(key))) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("The replica never caught up with " + key);
    }
}
