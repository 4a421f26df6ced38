package com.continentsapi.operations;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.Deployments;
import com.continentsapi.StandardDeployment;
import com.continentsapi.stack.EmbeddedMariaDb;
import com.continentsapi.stack.Stack;
import com.continentsapi.stack.StackSession;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What operators and client developers get besides the API: health probes, the OpenAPI description and metrics,
 * all without credentials, as load balancers and monitoring ask for them. Payara Micro serves them inside the
 * application, whose authentication mechanism leaves them public; WildFly serves them outside it.
 * Payara Micro serves health and metrics on its HTTP port; the build says where WildFly's are (it.operations.url: its
 * management port).
 */
@Tag("portable")
class OperatorEndpointsIT extends StandardDeployment {

    Api api;
    Api operations;


    @BeforeEach
    void clients() throws Exception {
        api = new Api(base);
        String management = System.getProperty("it.operations.url");
        operations = management == null ? api : new Api(URI.create(management).toURL());
    }

    /** The server serves later test classes too: a request must be served and decided again before this class goes on. */
    void awaitRecovery() throws Exception {
        String user = StackSession.stack().users().fresh("recovery", "recovery password", Deployments.ROOMY);
        api.awaitRecovery(user, "recovery password");
    }

    @Test
    void readinessChecksTheDatabaseAndRedis() {
        HttpResponse<String> ready = operations.get("health/ready", null);

        assertEquals(200, ready.statusCode(), ready.body());
        Map<String, JsonObject> checks = checks(ready.body());
        assertAll(
                () -> assertEquals("UP", status(checks, "database"), ready.body()),
                () -> assertEquals("UP", status(checks, "redis"), ready.body()),
                () -> assertEquals(200, operations.get("health/live", null).statusCode()));
    }

    @Test
    void withoutRedisTheInstanceStaysReadyAndSaysTheLimiterFailsOpen() throws Exception {
        Stack stack = StackSession.stack();
        stack.stopRedis();
        try {
            HttpResponse<String> ready = operations.get("health/ready", null);

            assertEquals(200, ready.statusCode(), ready.body());
            JsonObject redis = checks(ready.body()).get("redis");
            assertEquals("UP", redis.getString("status"), ready.body());
            assertTrue(redis.getJsonObject("data").getString("limiter").contains("failing open"), ready.body());
        } finally {
            stack.startRedis();
            awaitRecovery();
        }
    }

    @Test
    void withoutTheDatabaseTheInstanceIsNotReady() throws Exception {
        EmbeddedMariaDb db = StackSession.stack().db();
        db.stop();
        try {
            HttpResponse<String> ready = operations.get("health/ready", null);

            assertEquals(503, ready.statusCode(), ready.body());
            assertEquals("DOWN", status(checks(ready.body()), "database"), ready.body());
            assertEquals(200, operations.get("health/live", null).statusCode(), "alive all the same: a restart would not help");
        } finally {
            db.restart();
            awaitRecovery();
        }
    }

    @Test
    void openApiDescribesEveryEndpointWithItsLimitsAndProblems() {
        HttpResponse<String> openapi = api.get("openapi", null);

        assertEquals(200, openapi.statusCode(), openapi.body());
        String yaml = openapi.body();
        for (String expected : new String[] {"/continents/{id}:", "/continents:", "/admin/ratelimit/{user}:",
                "\"429\":", "\"401\":", "\"404\":", "\"503\":", "RateLimit-Policy:", "RateLimit:", "Retry-After:",
                "application/problem+json", "continent_name"}) {
            assertTrue(yaml.contains(expected), "no " + expected + " in\n" + yaml);
        }
    }

    @Test
    void metricsArePrometheusText() {
        HttpResponse<String> metrics = operations.get("metrics", null);

        assertEquals(200, metrics.statusCode(), metrics.body());
        assertTrue(metrics.body().contains("# TYPE "), metrics.body());
    }

    @Test
    void onlyAdministratorsSeeOrResetAQuota() throws Exception {
        String user = StackSession.stack().users().fresh("not-admin", "a user's password");
        String admin = StackSession.stack().users().fresh("admin", "an admin's password");
        StackSession.stack().users().set(admin, "admin", null);

        HttpResponse<String> anonymous = api.get("admin/ratelimit/" + user, null);
        HttpResponse<String> plainUser = api.send("DELETE", "admin/ratelimit/" + user, Api.basic(user, "a user's password"));
        HttpResponse<String> administrator = api.get("admin/ratelimit/" + user, admin, "an admin's password");

        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertEquals(403, plainUser.statusCode(), plainUser.body());
        assertEquals("application/problem+json", plainUser.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(200, administrator.statusCode(), administrator.body());
        assertTrue(administrator.body().contains("\"remaining\":4"), "the refused DELETE was counted: " + administrator.body());
    }

    /** MicroProfile Health's {"status":..., "checks":[{"name":..., "status":..., "data":{...}}]}, by check name. */
    private static Map<String, JsonObject> checks(String body) {
        JsonObject health = Json.createReader(new StringReader(body)).readObject();
        return health.getJsonArray("checks").stream()
                .map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(check -> check.getString("name"), check -> check, (first, second) -> first));
    }

    private static String status(Map<String, JsonObject> checks, String name) {
        JsonObject check = checks.get(name);
        return check == null ? "missing" : check.getString("status");
    }
}
