package com.continentsapi.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.continentsapi.Api;
import com.continentsapi.Deployments;
import com.continentsapi.StructuredFields;
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

/** Shadow mode: the limiter decides, counts and tells, but never blocks, so a limit can be tried on real traffic. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ShadowModeIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.war("ratelimit.mode=shadow", "ratelimit.limit=2");
    }

    @Test
    void overTheLimitRequestsAreServedWithFieldsThatSayTheyWouldHaveBeenDenied() throws Exception {
        Api api = new Api(base);
        String user = StackSession.stack().users().fresh("shadow", "shadow password");
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> response = api.get("continents", user, "shadow password");
            assertEquals(200, response.statusCode());
            assertEquals(Api.SEVEN_CONTINENTS, response.body());
            assertEquals(Math.max(0, 2 - i), (long) (Long) StructuredFields.list(response.headers().firstValue("RateLimit").orElseThrow())
                    .get("default").get("r"));
            assertEquals(true, response.headers().firstValue("Retry-After").isEmpty(), "nothing to wait for");
        }
        assertEquals("2", StackSession.stack().redis().get(RateLimitIT.key(user)), "a request over the limit consumes nothing");
        HttpResponse<String> metrics = api.send("GET", "metrics?scope=application", null);
        assertEquals(true, metrics.body().matches("(?s).*ratelimit_decisions_total\\{[^}]*outcome=\"shadow-denied\"[^}]*} 3(\\.0)?\\s.*"), metrics.body());
    }
}
