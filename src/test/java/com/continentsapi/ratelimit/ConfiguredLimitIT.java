package com.continentsapi.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.Deployments;
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

/** ratelimit.limit and ratelimit.window set the policy; a new window opens when the old one ends. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConfiguredLimitIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.war("ratelimit.limit=2", "ratelimit.window=2");
    }

    @Test
    void theConfiguredPolicyLimitsAndItsWindowEnds() throws Exception {
        Api api = new Api(base);
        String user = StackSession.stack().users().fresh("configured", "configured password");

        HttpResponse<String> first = api.get("continents", user, "configured password");
        assertEquals(200, first.statusCode());
        assertEquals("\"default\";q=2;w=2", first.headers().firstValue("RateLimit-Policy").orElseThrow());
        assertTrue(first.headers().firstValue("RateLimit").orElseThrow().startsWith("\"default\";r=1;"));
        assertEquals(200, api.get("continents", user, "configured password").statusCode());

        HttpResponse<String> denied = api.get("continents", user, "configured password");
        assertEquals(429, denied.statusCode());
        long retryAfter = Long.parseLong(denied.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);

        Thread.sleep(retryAfter * 1000 + 100);

        HttpResponse<String> next = api.get("continents", user, "configured password");
        assertEquals(200, next.statusCode(), "a client that waits Retry-After is let in");
        assertTrue(next.headers().firstValue("RateLimit").orElseThrow().startsWith("\"default\";r=1;"));
    }
}
