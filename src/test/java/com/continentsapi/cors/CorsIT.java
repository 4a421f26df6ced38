package com.continentsapi.cors;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.BrowserOrigins;
import com.continentsapi.StandardDeployment;
import com.continentsapi.stack.EmbeddedMariaDb;
import com.continentsapi.stack.StackSession;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CORS on the wire, as a browser would exercise it, on the default WAR (the build allows one origin for every
 * deployment). What a real browser makes of it is BrowserIT's part (-Pbrowser).
 */
class CorsIT extends StandardDeployment {

    static final String PASSWORD = "a cross-origin password";


    Api api;
    String user;

    @BeforeEach
    void freshUser() throws Exception {
        api = new Api(base);
        user = StackSession.stack().users().fresh("cors", PASSWORD);
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredWithoutCredentialsAndCountsNoQuota() {
        HttpResponse<String> preflight = api.send("OPTIONS", "continents", null, "Origin", BrowserOrigins.allowed(),
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization,if-none-match");

        assertAll(
                () -> assertEquals(204, preflight.statusCode(), preflight.body()),
                () -> assertEquals(BrowserOrigins.allowed(), header(preflight, "Access-Control-Allow-Origin")),
                () -> assertTrue(header(preflight, "Access-Control-Allow-Methods").contains("GET")),
                () -> assertTrue(header(preflight, "Access-Control-Allow-Headers").contains("Authorization")),
                () -> assertEquals("", preflight.body(), "not the resource's automatic OPTIONS answer"),
                () -> assertEquals(Optional.empty(), preflight.headers().firstValue("RateLimit")));
        HttpResponse<String> first = api.get("continents", user, PASSWORD);
        assertEquals("\"default\";r=4;t=60", header(first, "RateLimit"), "the preflight counted nothing");
    }

    @Test
    void everyAnswerToAnAllowedOriginExposesTheLimitFields() {
        HttpResponse<String> ok = fromAllowedOrigin(Api.basic(user, PASSWORD));
        HttpResponse<String> unauthorized = fromAllowedOrigin(null);
        for (int i = 0; i < 4; i++) {
            fromAllowedOrigin(Api.basic(user, PASSWORD));
        }
        HttpResponse<String> limited = fromAllowedOrigin(Api.basic(user, PASSWORD));

        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(401, unauthorized.statusCode(), unauthorized.body());
        assertEquals(429, limited.statusCode(), limited.body());
        for (HttpResponse<String> answer : new HttpResponse[] {ok, unauthorized, limited}) {
            assertEquals(BrowserOrigins.allowed(), header(answer, "Access-Control-Allow-Origin"), answer.headers().toString());
            assertEquals("RateLimit, RateLimit-Policy, Retry-After", header(answer, "Access-Control-Expose-Headers"));
            assertTrue(answer.headers().allValues("Vary").stream().anyMatch(vary -> vary.contains("Origin")), answer.headers().toString());
        }
    }

    @Test
    void aDatabaseOutage503ToAnAllowedOriginExposesRetryAfter() throws Exception {
        EmbeddedMariaDb db = StackSession.stack().db();
        db.stop();
        try {
            HttpResponse<String> unavailable = fromAllowedOrigin(Api.basic(user, PASSWORD));

            assertEquals(503, unavailable.statusCode(), unavailable.body());
            assertTrue(unavailable.headers().firstValue("Retry-After").isPresent(), unavailable.headers().toString());
            assertEquals(BrowserOrigins.allowed(), header(unavailable, "Access-Control-Allow-Origin"));
            assertEquals("RateLimit, RateLimit-Policy, Retry-After", header(unavailable, "Access-Control-Expose-Headers"));
        } finally {
            db.restart();
        }
    }

    @Test
    void aDisallowedOriginGetsNoCorsFields() {
        HttpResponse<String> answer = api.send("GET", "continents", Api.basic(user, PASSWORD), "Origin", BrowserOrigins.disallowed());

        assertEquals(200, answer.statusCode(), "CORS is for browsers to enforce; the server only withholds permission");
        assertEquals(Optional.empty(), answer.headers().firstValue("Access-Control-Allow-Origin"));
        assertEquals(Optional.empty(), answer.headers().firstValue("Access-Control-Expose-Headers"));
    }

    private HttpResponse<String> fromAllowedOrigin(String authorization) {
        return api.send("GET", "continents", authorization, "Origin", BrowserOrigins.allowed());
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse("(none)");
    }
}
