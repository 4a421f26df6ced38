package com.continentsapi.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.Deployments;
import com.continentsapi.stack.EmbeddedMariaDb;
import com.continentsapi.stack.StackSession;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Without its database the API says 503 with Retry-After, as problem+json, and recovers without a restart. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DatabaseOutageIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.war("ratelimit.limit=1000");
    }

    @Test
    void withoutTheDatabaseTheAnswerIsServiceUnavailableUntilItReturns() throws Exception {
        Api api = new Api(base);
        String user = StackSession.stack().users().fresh("outage", "outage password");
        assertEquals(200, api.get("continents", user, "outage password").statusCode());

        EmbeddedMariaDb db = StackSession.stack().db();
        db.stop();
        try {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = api.get("continents", user, "outage password");
                assertEquals(503, response.statusCode(), response.body());
                assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
                assertTrue(response.headers().firstValue("Retry-After").isPresent());
                assertTrue(response.body().contains("\"status\":503"), response.body());
            }
        } finally {
            db.restart();
        }

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 10 && !statuses.contains(200); i++) {
            statuses.add(api.get("continents", user, "outage password").statusCode());
        }
        assertTrue(statuses.contains(200), "serves again without a restart: " + statuses);
        assertTrue(statuses.stream().allMatch(status -> status == 200 || status == 503), statuses.toString());
    }
}
