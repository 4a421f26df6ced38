package com.continentsapi.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** ratelimit.enabled=false (for benchmarks): authentication still applies, the limiter does nothing. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DisabledLimitIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.war("ratelimit.enabled=false");
    }

    @Test
    void nothingIsLimitedCountedOrAnnounced() throws Exception {
        Api api = new Api(base);
        String user = StackSession.stack().users().fresh("unlimited", "unlimited password");

        for (int i = 0; i < 8; i++) {
            HttpResponse<String> response = api.get("continents", user, "unlimited password");
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("RateLimit").isEmpty());
            assertTrue(response.headers().firstValue("RateLimit-Policy").isEmpty());
        }
        assertFalse(StackSession.stack().redis().exists(RateLimitIT.key(user)));
        assertEquals(401, api.get("continents", user, "wrong").statusCode());
    }
}
