package com.continentsapi.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.Deployments;
import com.continentsapi.Load;
import com.continentsapi.StandardDeployment;
import com.continentsapi.stack.ServerLog;
import com.continentsapi.stack.Stack;
import com.continentsapi.stack.StackSession;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the API does when Redis fails: it keeps serving, unlimited (fail open), and limits again once Redis is back. */
class RedisOutageIT extends StandardDeployment {

    @Test
    void withoutRedisRequestsPassUnlimitedAndTheLimitResumesWhenItReturns() throws Exception {
        Api api = new Api(base);
        Stack stack = StackSession.stack();
        stack.users().add("outage", "outage password");
        assertTrue(api.get("continents", "outage", "outage password").headers().firstValue("RateLimit").isPresent());

        stack.stopRedis();
        try {
            for (int i = 0; i < 8; i++) {
                HttpResponse<String> response = api.get("continents", "outage", "outage password");
                assertEquals(200, response.statusCode());
                assertEquals(Api.SEVEN_CONTINENTS, response.body());
                assertTrue(response.headers().firstValue("RateLimit").isEmpty(), "no decision, so no RateLimit field");
            }
        } finally {
            stack.startRedis();
        }

        // The circuit breaker asks Redis again after its cool-down (2 s): poll for a while, without a timing claim.
        List<Integer> statuses = new ArrayList<>();
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!statuses.contains(429) && System.nanoTime() < deadline) {
            statuses.add(api.get("continents", "outage", "outage password").statusCode());
        }
        assertTrue(statuses.stream().allMatch(status -> status == 200 || status == 429), statuses.toString());
        assertTrue(statuses.contains(429), "limited again without restarting the app: " + statuses);
    }

    @Test
    void redisKilledUnderLoadAndRestartedCausesNoServerError() throws Exception {
        Api api = new Api(base);
        Stack stack = StackSession.stack();
        // Remembered credentials make the load fast: with the default 5 the user was denied before Redis was
        // killed, and the denial cache, not the fail-open path, answered during the outage.
        String user = stack.users().fresh("killed", "killed password", Deployments.FIFTY);
        List<Load.Answer> answers;
        long killed;
        long restarted;
        // Killed before the user is denied (limit 50): a caller already denied is answered from the denial cache
        try (Load load = Load.start(api, "continents", Api.basic(user, "killed password"), 2)) {
            load.awaitMore(2);
            killed = System.nanoTime();
            stack.killRedis();
            try {
                load.awaitAnswer(20, answer -> answer.sentAfter(killed));
            } finally {
                stack.startRedis();
            }
            restarted = System.nanoTime();
            load.awaitAnswer(1, answer -> answer.sentAfter(restarted) && answer.status() == 429);
            answers = load.stop();
        }

        assertTrue(answers.stream().allMatch(answer -> answer.status() == 200 || answer.status() == 429),
                "only 200 and 429: " + answers.stream().collect(Collectors.groupingBy(Load.Answer::toString, Collectors.counting())));
        assertTrue(answers.stream().anyMatch(answer -> answer.sentAfter(killed) && !answer.sentAfter(restarted)
                && answer.status() == 200 && answer.response().headers().firstValue("RateLimit").isEmpty()),
                "served unlimited while Redis was down");
    }

    /** Without Redis, fail open: wrong passwords are 401 and the right one 200 as ever, and no secret reaches the log. */
    @Test
    void withoutRedisLoginsAreCheckedAsBeforeAndNoSecretIsLogged() throws Exception {
        Api api = new Api(base);
        Stack stack = StackSession.stack();
        String user = stack.users().fresh("login-outage", "login-outage password", Deployments.ROOMY);
        String log;
        try (ServerLog serverLog = ServerLog.capture()) {
            stack.stopRedis();
            try {
                for (int i = 0; i < 5; i++) {
                    assertEquals(401, api.get("continents", user, "wrong-secret-" + i).statusCode());
                }
                assertEquals(200, api.get("continents", user, "login-outage password").statusCode());
            } finally {
                stack.startRedis();
            }
            api.awaitRecovery(user, "login-outage password");
            log = serverLog.text();
        }
        assertTrue(log.contains("Redis failed"), "the server's log is captured: " + log);
        for (String secret : List.of("login-outage password", "wrong-secret-", Api.basic(user, "login-outage password").substring("Basic ".length()))) {
            assertFalse(log.contains(secret), "the server log contains " + secret);
        }
    }
}
