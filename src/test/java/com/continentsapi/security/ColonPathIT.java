package com.continentsapi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.continentsapi.Api;
import com.continentsapi.StandardDeployment;
import com.continentsapi.stack.StackSession;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A ':' in the path, raw or percent-encoded, in any segment, with or without credentials: a 4xx problem, never a
 * 500. On Payara the server library's ColonPathValve answers before the container's authorization check, which
 * would answer 500 (server-config/README.md); WildFly's answer is the application's.
 */
@Tag("portable")
class ColonPathIT extends StandardDeployment {

    static final String PASSWORD = "colon password";
    static final List<String> PATHS = List.of("a:b", "co:ntinents", "continents/a:b", "continents/1/a:b",
            "continents/0:7", ":", "a%3Ab", "co%3antinents", "continents/a%3Ab", "continents/1/a%3ab", "%3A");


    @Test
    void aColonInAnyPathSegmentIsA4xxProblemWithOrWithoutCredentials() throws Exception {
        String context = base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
        RawHttp http = new RawHttp(base);
        Map<String, String> answers = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (String path : PATHS) {
            // A user per path: where the application answers (WildFly), a quota of 5 must not turn the answers into 429s.
            String user = StackSession.stack().users().fresh("colon", PASSWORD);
            for (String authorization : new String[] {"", "\r\nAuthorization: " + Api.basic(user, PASSWORD)}) {
                RawHttp.Answer answer = http.send(("GET " + context + path + " HTTP/1.1" + authorization).getBytes(StandardCharsets.ISO_8859_1));
                String seen = answer.status() + " " + answer.contentType();
                answers.put(path + (authorization.isEmpty() ? "" : " (credentials)"), seen);
                if (answer.status() < 400 || answer.status() >= 500 || !answer.contentType().startsWith("application/problem+json")) {
                    failures.add(path + (authorization.isEmpty() ? "" : " (credentials)") + " -> " + seen);
                }
            }
        }
        System.err.println("Colon paths on " + System.getProperty("arquillian.launch", "payara-micro") + ": " + answers);
        assertEquals(List.of(), failures, answers.toString());
    }
}
