package com.continentsapi.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.Deployments;
import com.continentsapi.Load;
import com.continentsapi.stack.Stack;
import com.continentsapi.stack.StackSession;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** ratelimit.fail-mode=closed: without Redis nobody is served unlimited; requests get 503 until Redis is back. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RedisFailClosedIT {

    /** High enough that no test here is denied: a denial would be answered from the local cache, without Redis. */
    static final int LIMIT = 1_000_000;
    static final long TIMEOUT_MS = 1000;
    static final long COOL_DOWN_MS = 2000;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.hardened();
    }

    @Test
    void withoutRedisRequestsAreRefusedWithRetryAfterAndServedAgainWhenItReturns() throws Exception {
        Api api = new Api(base).overTls();
        Stack stack = StackSession.stack();
        String user = stack.users().fresh("closed", "closed password", Deployments.ROOMY);
        assertEquals(200, api.get("continents", user, "closed password").statusCode());

        stack.stopRedis();
        try {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> refused = api.get("continents", user, "closed password");
                assertEquals(503, refused.statusCode(), refused.body());
                assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElseThrow());
                long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
                assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter + " within the 2 s cool-down");
                assertTrue(refused.headers().firstValue("RateLimit").isEmpty());
                JsonObject problem = Json.createReader(new StringReader(refused.body())).readObject();
                assertEquals("https://iana.org/assignments/http-problem-types#temporary-reduced-capacity", problem.getString("type"));
                assertEquals(List.of(Deployments.ROOMY), problem.getJsonArray("violated-policies").getValuesAs(JsonString::getString),
                        "the policy it could not enforce");
            }
            assertEquals(503, api.get("continents", user, "wrong password").statusCode(),
                    "a login the throttle cannot count is not checked either (no free guesses while Redis is down)");
        } finally {
            stack.startRedis();
        }

        long deadline = System.nanoTime() + 15_000_000_000L;
        int status;
        do {
            Thread.sleep(200);
            status = api.get("continents", user, "closed password").statusCode();
        } while (status != 200 && System.nanoTime() < deadline);
        assertEquals(200, status, "served again without restarting the app");
    }

    /**
     * Once Redis is back, the breaker's next trial call (at most one cool-down away, plus one timed-out call that
     * may have been under way) closes it: every request sent later than that is decided again.
     */
    @Test
    void redisKilledUnderLoadMeansRetryAfterUntilOneCoolDownAfterItReturns() throws Exception {
        Api api = new Api(base).overTls();
        Stack stack = StackSession.stack();
        String user = stack.users().fresh("closed-killed", "closed password", Deployments.ROOMY);
        List<Load.Answer> answers;
        long killed;
        long restarted;
        try (Load load = Load.start(api, "continents", Api.basic(user, "closed password"), 4)) {
            load.awaitMore(5);
            killed = System.nanoTime();
            stack.killRedis();
            try {
                load.awaitAnswer(10, answer -> answer.sentAfter(killed));
            } finally {
                stack.startRedis();
            }
            restarted = System.nanoTime();
            long normalBy = restarted + Duration.ofMillis(COOL_DOWN_MS + TIMEOUT_MS).toNanos();
            load.awaitAnswer(10, answer -> answer.sentAfter(normalBy));
            answers = load.stop();
        }

        long normalBy = restarted + Duration.ofMillis(COOL_DOWN_MS + TIMEOUT_MS).toNanos();
        List<Load.Answer> during = answers.stream().filter(answer -> answer.sentAfter(killed) && !answer.sentAfter(restarted)).toList();
        List<Load.Answer> after = answers.stream().filter(answer -> answer.sentAfter(normalBy)).toList();
        assertTrue(answers.stream().allMatch(answer -> answer.status() == 200 || answer.status() == 503), summary(answers));
        assertTrue(during.stream().anyMatch(answer -> answer.status() == 503), "refused while Redis was down: " + summary(during));
        for (Load.Answer refused : answers.stream().filter(answer -> answer.status() == 503).toList()) {
            assertEquals("application/problem+json", refused.response().headers().firstValue("Content-Type").orElseThrow());
            assertTrue(refused.response().headers().firstValue("Retry-After").isPresent(), "503 with Retry-After");
        }
        assertTrue(after.stream().allMatch(answer -> answer.status() == 200 && answer.response().headers().firstValue("RateLimit").isPresent()),
                "decided again from " + (COOL_DOWN_MS + TIMEOUT_MS) + " ms after Redis returned: " + summary(after));
        answers.stream().filter(answer -> answer.sentAfter(restarted) && answer.status() == 200).findFirst().ifPresent(first ->
                System.out.printf("Fail closed: first request served again was sent %d ms after Redis returned%n",
                        Duration.ofNanos(first.sentNanos() - restarted).toMillis()));
    }

    private static String summary(List<Load.Answer> answers) {
        return answers.stream().collect(Collectors.groupingBy(Load.Answer::toString, Collectors.counting())).toString();
    }
}
