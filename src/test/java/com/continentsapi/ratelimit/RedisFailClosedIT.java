package com.continentsapi.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.Deployments;
import com.continentsapi.stack.Stack;
import com.continentsapi.stack.StackSession;
import java.net.URL;
import java.net.http.HttpResponse;
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

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.war("ratelimit.fail-mode=closed");
    }

    @Test
    void withoutRedisRequestsAreRefusedWithRetryAfterAndServedAgainWhenItReturns() throws Exception {
        Api api = new Api(base);
        Stack stack = StackSession.stack();
        String user = stack.users().fresh("closed", "closed password");
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
}
