package com.continentsapi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.StandardDeployment;
import com.continentsapi.stack.StackSession;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A ':' in the path, raw or percent-encoded, in any segment, with or without credentials: a 4xx problem, never a
 * 500, and the application's own answer on both servers (Payara Micro before 7.2026.1 answered 500 before any
 * application code ran: server-config/README.md). So an administrator can name an anonymous caller, {@code ip:<address>}.
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

    @Test
    void anAdministratorReadsTheQuotaOfAnAnonymousCallerByItsAddress() throws Exception {
        String admin = StackSession.stack().users().fresh("colon-admin", PASSWORD);
        StackSession.stack().users().set(admin, "admin", null);

        for (String caller : List.of("ip:192.0.2.7", "ip%3A192.0.2.7")) {
            HttpResponse<String> quota = new Api(base).get("admin/ratelimit/" + caller, Api.basic(admin, PASSWORD));

            assertEquals(200, quota.statusCode(), caller + ": " + quota.body());
            assertTrue(quota.body().contains("\"user\":\"ip:192.0.2.7\""), caller + ": " + quota.body());
        }
    }
}
