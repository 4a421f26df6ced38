package com.continentsapi.continents;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.StandardDeployment;
import com.continentsapi.stack.StackSession;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("portable")
class ContinentsApiIT extends StandardDeployment {

    Api api;
    String user;


    /** A user of its own per test, so no test spends another's quota. */
    @BeforeEach
    void freshUser() throws Exception {
        api = new Api(base);
        user = StackSession.stack().users().fresh("reader", "a-reader's-password");
    }

    @Test
    void continentsListsAllSevenInIdOrder() {
        HttpResponse<String> response = api.get("continents", user, "a-reader's-password");

        assertAll(
                () -> assertEquals(200, response.statusCode()),
                () -> assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow()),
                () -> assertEquals(Api.SEVEN_CONTINENTS, response.body()));
    }

    /**
     * No answer names the server or its framework (which tells an attacker which known holes to try): the API's own
     * answers, the server's refusals before the API runs, its static files and the OpenAPI document.
     */
    @Test
    void noAnswerNamesTheServerOrItsFramework() {
        List<HttpResponse<String>> answers = List.of(
                api.get("continents", user, "a-reader's-password"),
                api.get("continents", null),
                api.get("continents/99", user, "a-reader's-password"),
                api.get("no-such-path", null),
                api.get("%5cmetrics", null),
                api.get("openapi", null),
                api.get("docs/", null));
        for (HttpResponse<String> answer : answers) {
            assertAll(answer.uri() + " " + answer.statusCode(),
                    () -> assertEquals(Optional.empty(), answer.headers().firstValue("Server"), "Server"),
                    () -> assertEquals(Optional.empty(), answer.headers().firstValue("X-Powered-By"), "X-Powered-By"));
        }
    }

    @Test
    void continentByIdIsThatOneContinent() {
        HttpResponse<String> response = api.get("continents/3", user, "a-reader's-password");

        assertEquals(200, response.statusCode());
        assertEquals("{\"continent_id\":3,\"continent_name\":\"NORTH AMERICA\"}", response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "continents", "continents/3"})
    void answersCarryAStrongETagAndArePrivateNoCache(String path) {
        HttpResponse<String> response = api.get(path, user, "a-reader's-password");

        assertEquals(200, response.statusCode(), response.body());
        String etag = response.headers().firstValue("ETag").orElseThrow();
        assertTrue(etag.matches("\"[0-9a-f]+\""), "a strong tag: " + etag);
        assertEquals("private, no-cache", response.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(etag, api.get(path, user, "a-reader's-password").headers().firstValue("ETag").orElseThrow(), "the same data, the same tag");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "continents", "continents/3"})
    void ifNoneMatchWithTheCurrentTagIsNotModifiedWithoutABody(String path) {
        String etag = api.get(path, user, "a-reader's-password").headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> revalidated = api.send("GET", path, Api.basic(user, "a-reader's-password"), "If-None-Match", "\"other\", " + etag);

        assertEquals(304, revalidated.statusCode(), revalidated.body());
        assertEquals("", revalidated.body());
        assertEquals(etag, revalidated.headers().firstValue("ETag").orElseThrow());
        assertEquals("private, no-cache", revalidated.headers().firstValue("Cache-Control").orElseThrow());
        assertTrue(revalidated.headers().firstValue("RateLimit").isPresent(), "a 304 is counted like any answer: " + revalidated.headers());
    }

    @Test
    void aTagOfOtherDataGetsTheFullAnswer() {
        String listTag = api.get("continents", user, "a-reader's-password").headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> one = api.send("GET", "continents/3", Api.basic(user, "a-reader's-password"), "If-None-Match", listTag);

        assertEquals(200, one.statusCode());
        assertEquals("{\"continent_id\":3,\"continent_name\":\"NORTH AMERICA\"}", one.body());
        assertTrue(!listTag.equals(one.headers().firstValue("ETag").orElseThrow()), "each representation has its own tag");
    }

    @ParameterizedTest
    @ValueSource(strings = {"continents/8", "continents/0", "continents/-1", "continents/abc", "continents/1.5",
            "continents/99999999999999999999", "continents/3/extra", "nowhere"})
    void unknownContinentsAreProblemNotFound(String path) {
        HttpResponse<String> response = api.get(path, user, "a-reader's-password");

        assertEquals(404, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.body().contains("\"status\":404"), response.body());
    }
}
