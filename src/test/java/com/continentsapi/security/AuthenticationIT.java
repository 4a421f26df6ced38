package com.continentsapi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.StandardDeployment;
import com.continentsapi.ratelimit.RateLimitIT;
import com.continentsapi.stack.EmbeddedMariaDb;
import com.continentsapi.stack.StackSession;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Who is limited: only an authenticated user, under the name they registered, whatever the request claims. */
@Tag("portable")
class AuthenticationIT extends StandardDeployment {

    static final String PASSWORD = "the right password";


    Api api;
    String user;


    /** A user who has spent two of five requests. */
    @BeforeEach
    void userWithTwoRequestsSpent() throws Exception {
        api = new Api(base);
        user = StackSession.stack().users().fresh("user", PASSWORD);
        for (int i = 0; i < 2; i++) {
            assertEquals(200, api.get("continents", user, PASSWORD).statusCode());
        }
        assertEquals("2", spent());
    }

    @Test
    void wrongPasswordIsUnauthorizedAndOpensNoQuota() {
        for (String wrong : new String[] {"wrong", PASSWORD + " ", PASSWORD.toUpperCase(), ""}) {
            assertUnauthorized(api.get("continents", user, wrong));
        }
        assertEquals("2", spent(), "the user's quota is untouched");

        HttpResponse<String> next = api.get("continents", user, PASSWORD);
        assertEquals(200, next.statusCode());
        assertTrue(next.headers().firstValue("RateLimit").orElseThrow().startsWith("\"default\";r=2;"));
    }

    /** The PBKDF2 check and the users query ran for the first request; VerifiedCredentials answers the next. */
    @Test
    void aRepeatedRequestWithTheSameCredentialsRunsNoSqlButAWrongPasswordStillGoesToTheDatabase() throws Exception {
        try (Connection admin = StackSession.stack().db().admin(); Statement sql = admin.createStatement()) {
            sql.execute("SET GLOBAL log_output = 'TABLE'");
            sql.execute("SET GLOBAL general_log = 1");
            try {
                sql.execute("TRUNCATE mysql.general_log");
                assertEquals(200, api.get("continents", user, PASSWORD).statusCode());
                long usersOnRepeat = queries(admin, "%FROM users%");
                long continentsOnRepeat = queries(admin, "%FROM continents%");

                assertUnauthorized(api.get("continents", user, PASSWORD + "!"));
                long usersOnWrongPassword = queries(admin, "%FROM users%");

                assertEquals(1, continentsOnRepeat, "the log sees the application's queries");
                assertEquals(0, usersOnRepeat, "the repeated credentials were not looked up again");
                assertTrue(usersOnWrongPassword > 0, "a wrong password is checked by the store, never by the cache");
            } finally {
                sql.execute("SET GLOBAL general_log = 0");
            }
        }
        assertEquals("3", spent());
    }

    static long queries(Connection admin, String like) throws Exception {
        try (PreparedStatement query = admin.prepareStatement(
                "SELECT COUNT(*) FROM mysql.general_log WHERE " + EmbeddedMariaDb.APP_STATEMENTS)) {
            query.setString(1, like);
            try (ResultSet count = query.executeQuery()) {
                count.next();
                return count.getLong(1);
            }
        }
    }

    @Test
    void anotherSpellingOfTheNameIsNotTheUser() {
        for (String spelling : new String[] {user.toUpperCase(), user + " ", " " + user, user.replace('-', '_')}) {
            assertUnauthorized(api.get("continents", spelling, PASSWORD));
            assertNull(StackSession.stack().redis().get(RateLimitIT.key(spelling)), "no quota for " + spelling);
        }
        assertEquals("2", spent());
    }

    static Stream<String> missingOrGarbledAuthorization() {
        return Stream.of(
                null,
                "",
                "Basic",
                "Basic ",
                "Basic !!!not-base64!!!",
                "Basic " + base64("no-colon-here"),
                "Basic " + base64(":"),
                "Bearer some.jwt.token",
                "Digest username=\"john_doe\"",
                "basic");
    }

    @ParameterizedTest
    @MethodSource("missingOrGarbledAuthorization")
    void missingOrGarbledAuthorizationIsUnauthorized(String authorization) {
        assertUnauthorized(api.get("continents", authorization));
        assertEquals("2", spent());
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertEquals(401, response.statusCode(), response.body());
        assertEquals("Basic realm=\"continents\"", response.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.body().contains("\"status\":401"), response.body());
    }

    private String spent() {
        return StackSession.stack().redis().get(RateLimitIT.key(user));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
