package com.continentsapi.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.Deployments;
import com.continentsapi.StructuredFields;
import com.continentsapi.stack.StackSession;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.UnifiedJedis;

/**
 * Several policies, plans, routes, anonymous callers by address, the admin endpoints and metrics, configured
 * only through MicroProfile Config as an operator would.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RateLimitPoliciesIT {

    static final String PASSWORD = "policies password";
    static final String QUOTA_EXCEEDED = "https://iana.org/assignments/http-problem-types#quota-exceeded";

    @ArquillianResource
    URL base;

    Api api;
    String user;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.withPolicies();
    }

    @BeforeEach
    void freshUser() throws Exception {
        api = new Api(base);
        user = StackSession.stack().users().fresh("policies", PASSWORD);
    }

    HttpResponse<String> get(String path) {
        return api.get(path, user, PASSWORD);
    }

    static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + ": " + response.headers().map()));
    }

    static Map<String, Map<String, Object>> field(HttpResponse<?> response, String name) {
        return StructuredFields.list(header(response, name));
    }

    @Test
    void everyDefaultPolicyIsListedAndTheMostRestrictiveIsReported() {
        HttpResponse<String> response = get("continents");
        assertEquals(200, response.statusCode());
        assertEquals(Map.of("default", Map.of("q", 5L, "w", 60L), "hourly", Map.of("q", 100L, "w", 3600L)),
                field(response, "RateLimit-Policy"));
        Map<String, Map<String, Object>> rateLimit = field(response, "RateLimit");
        assertEquals(List.of("default"), List.copyOf(rateLimit.keySet()));
        assertEquals(4L, rateLimit.get("default").get("r"));
        assertEquals("5", header(response, "X-RateLimit-Limit"));
        assertEquals("4", header(response, "X-RateLimit-Remaining"));
    }

    @Test
    void aRouteSetsTheCostOfItsRequests() {
        HttpResponse<String> response = get("continents/2");
        assertEquals(200, response.statusCode());
        assertEquals(3L, field(response, "RateLimit").get("default").get("r"));
    }

    /** What Jersey serves as GET /continents/{id}: with a trailing slash, and HEAD (the GET method without a body). */
    @Test
    void aRoutesCostIsPaidWithATrailingSlashAndByHead() throws Exception {
        HttpResponse<String> slash = get("continents/2/");
        assertEquals(200, slash.statusCode());
        assertEquals(3L, field(slash, "RateLimit").get("default").get("r"));
        user = StackSession.stack().users().fresh("policies", PASSWORD);
        HttpResponse<String> head = api.send("HEAD", "continents/2", Api.basic(user, PASSWORD));
        assertEquals(200, head.statusCode());
        assertEquals(3L, field(head, "RateLimit").get("default").get("r"));
    }

    @Test
    void aDenialByOnePolicyConsumesNothingFromTheOthers() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(200, get("continents").statusCode());
        }
        assertEquals(95, remaining("hourly"));
        HttpResponse<String> denied = get("continents");
        assertEquals(429, denied.statusCode());
        assertEquals(95, remaining("hourly"), "the hourly policy allowed, but nothing may be consumed on a denial");

        JsonObject problem = Json.createReader(new StringReader(denied.body())).readObject();
        assertEquals("application/problem+json", header(denied, "Content-Type"));
        assertEquals(QUOTA_EXCEEDED, problem.getString("type"));
        assertEquals(429, problem.getInt("status"));
        assertEquals(List.of("default"), problem.getJsonArray("violated-policies").getValuesAs(JsonString::getString));
        long retryAfter = Long.parseLong(header(denied, "Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals("You're not allowed to access this resource. Wait " + retryAfter + " seconds before trying again.",
                problem.getString("detail"));
        assertEquals(Map.of("default", Map.of("r", 0L, "t", retryAfter)), field(denied, "RateLimit"));
    }

    @Test
    void aPlansPoliciesReplaceTheDefaultOnes() throws Exception {
        StackSession.stack().users().set(user, "user", "pro");
        HttpResponse<String> response = get("continents");
        assertEquals(Map.of("burst", Map.of("q", 3L, "w", 60L)), field(response, "RateLimit-Policy"));
        assertEquals(2L, field(response, "RateLimit").get("burst").get("r"));
        get("continents");
        get("continents");
        HttpResponse<String> denied = get("continents");
        assertEquals(429, denied.statusCode());
        assertTrue(denied.body().contains("\"violated-policies\":[\"burst\"]"), denied.body());
    }

    @Test
    void clientsWithoutCredentialsAreLimitedByTheAddressTheTrustedProxyForwarded() {
        HttpResponse<String> first = api.send("GET", "continents", null, "X-Forwarded-For", "198.51.100.7");
        assertEquals(200, first.statusCode());
        assertEquals(Api.SEVEN_CONTINENTS, first.body());
        UnifiedJedis redis = StackSession.stack().redis();
        String key = "rl:{ip:198.51.100.7}:default";
        long used = Long.parseLong(redis.get(key));
        api.send("GET", "continents", null, "X-Forwarded-For", "203.0.113.50", "X-Forwarded-For", "198.51.100.7");
        assertEquals(used + 1, Long.parseLong(redis.get(key)), "the proxy's own line, after the client's, names the client");
        api.send("GET", "continents", null, "Forwarded", "for=198.51.100.7");
        assertEquals(used + 1, Long.parseLong(redis.get(key)), "Forwarded is not the header this proxy writes: ignored");
        api.send("GET", "continents", null, "X-Forwarded-For", "198.51.100.8");
        assertEquals(used + 1, Long.parseLong(redis.get(key)), "another address has a quota of its own");
    }

    @Test
    void anUnreadableForwardingHeaderIsABadRequestAndWrongCredentialsStay401() {
        HttpResponse<String> bad = api.send("GET", "continents", null, "X-Forwarded-For", "not-an-address");
        assertEquals(400, bad.statusCode());
        assertEquals("application/problem+json", header(bad, "Content-Type"));
        assertEquals(401, api.get("continents", user, "wrong password").statusCode());
    }

    @Test
    void anAdministratorSeesAQuotaWithoutSpendingItAndResetsIt() throws Exception {
        String admin = StackSession.stack().users().fresh("admin", PASSWORD);
        StackSession.stack().users().set(admin, "admin", null);
        get("continents");
        get("continents");
        String auth = Api.basic(admin, PASSWORD);
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> state = api.send("GET", "admin/ratelimit/" + user, auth);
            assertEquals(200, state.statusCode(), state.body());
            assertEquals(3, remaining(state, "default"), "a look consumes nothing");
        }
        assertEquals(204, api.send("DELETE", "admin/ratelimit/" + user, auth).statusCode());
        assertEquals(5, remaining(api.send("GET", "admin/ratelimit/" + user, auth), "default"));
        assertEquals(4L, field(get("continents"), "RateLimit").get("default").get("r"));
    }

    /** 10^12 per minute made gcra.lua's emission interval 0: every decision of the user failed, and the breaker opened for all. */
    @Test
    void anOverrideItsAlgorithmCannotComputeIsA400ThatNamesTheBound() throws Exception {
        String admin = StackSession.stack().users().fresh("admin", PASSWORD);
        StackSession.stack().users().set(admin, "admin", null);
        String auth = Api.basic(admin, PASSWORD);
        HttpResponse<String> refused = api.sendJson("PUT", "admin/ratelimit/" + user + "/overrides/burst", auth, "{\"limit\": 1000000000000}");
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("application/problem+json", header(refused, "Content-Type"));
        String detail = Json.createReader(new StringReader(refused.body())).readObject().getString("detail");
        assertTrue(detail.startsWith("limit must be at most window × 1000 for gcra"), detail);
        assertEquals(200, api.sendJson("PUT", "admin/ratelimit/" + user + "/overrides/burst", auth, "{\"limit\": 60000}").statusCode(), "at the bound");
    }

    @Test
    void onlyAdministratorsReachTheAdminEndpoints() {
        assertEquals(403, api.send("GET", "admin/ratelimit/" + user, Api.basic(user, PASSWORD)).statusCode());
        assertEquals(403, api.send("DELETE", "admin/ratelimit/" + user, Api.basic(user, PASSWORD)).statusCode());
        assertEquals(403, api.send("GET", "admin/ratelimit/" + user, null).statusCode(), "anonymous is not admin");
    }

    @Test
    void decisionsAreCountedPerPolicyAndOutcomeWithoutNames() {
        for (int i = 0; i < 6; i++) {
            get("continents");
        }
        HttpResponse<String> metrics = api.send("GET", "metrics?scope=application", null);
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().matches("(?s).*ratelimit_decisions_total\\{[^}]*outcome=\"denied\"[^}]*policy=\"default\"[^}]*} [1-9].*"),
                metrics.body());
        assertTrue(metrics.body().contains("ratelimit_redis_calls_seconds"), metrics.body());
        assertTrue(metrics.body().matches("(?s).*\nratelimit_redis_call_decisions_count(\\{[^}]*})? [1-9].*"),
                "how many decisions each round trip carried: " + metrics.body());
        assertTrue(!metrics.body().contains(user), "no caller in a metric");
    }

    long remaining(String policy) throws Exception {
        String admin = StackSession.stack().users().fresh("admin", PASSWORD);
        StackSession.stack().users().set(admin, "admin", null);
        return remaining(api.send("GET", "admin/ratelimit/" + user, Api.basic(admin, PASSWORD)), policy);
    }

    static long remaining(HttpResponse<String> state, String policy) {
        JsonObject json = Json.createReader(new StringReader(state.body())).readObject();
        return json.getJsonArray("policies").getValuesAs(JsonObject.class).stream()
                .filter(quota -> quota.getString("name").equals(policy))
                .findFirst().orElseThrow(() -> new AssertionError(state.body()))
                .getJsonNumber("remaining").longValue();
    }
}
