package com.continentsapi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.Deployments;
import com.continentsapi.ratelimit.RateLimitIT;
import com.continentsapi.stack.Stack;
import com.continentsapi.stack.StackSession;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Password guessing is throttled per user name and client, per client and per user name, before the password
 * is checked, and only for a window. The test plays a trusted proxy, so each test has clients of its own, and the
 * proxy terminates TLS (X-Forwarded-Proto: https), so this deployment also shows credentials refused without TLS.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginThrottleIT {

    static final String PASSWORD = "throttled password";
    /** Long, so no test depends on how fast the server checks passwords; expiry is Redis's, tested by shortening it. */
    static final int WINDOW = 600;
    static final String QUOTA_EXCEEDED = "https://iana.org/assignments/http-problem-types#quota-exceeded";
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    @ArquillianResource
    URL base;

    Api api;
    String user;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.war(
                "ratelimit.limit=100",
                "ratelimit.login.limit=3",
                "ratelimit.login.client-limit=6",
                "ratelimit.login.user-limit=5",
                "ratelimit.login.window=" + WINDOW,
                "ratelimit.trusted-proxies=" + Stack.thisMachine(),
                "auth.require-tls=true");
    }

    @BeforeEach
    void freshUser() throws Exception {
        api = new Api(base);
        user = StackSession.stack().users().fresh("guessed", PASSWORD);
    }

    /** A client address no other test uses (TEST-NET-2), as the trusted proxy forwards it. */
    static String newClient() {
        int n = CLIENTS.incrementAndGet();
        return "198.51." + (n / 250) + "." + (n % 250 + 1);
    }

    /** As a trusted proxy that terminated the client's TLS connection forwards it. */
    HttpResponse<String> login(String name, String password, String client) {
        return api.send("GET", "continents", Api.basic(name, password), "X-Forwarded-For", client, "X-Forwarded-Proto", "https");
    }

    /**
     * With auth.require-tls, valid credentials that did not arrive over TLS are refused before anything looks at
     * them: no users query (so no PBKDF2), no failed-login count, no quota. A client that names https itself
     * from an untrusted address is CredentialsOverTlsTest's: every address of this machine is a trusted proxy here.
     */
    @Test
    void withTlsRequiredCredentialsOverPlainHttpAreRefusedBeforeTheyAreChecked() throws Exception {
        String client = newClient();
        Map<String, String> loginCounters = loginCounters();
        List<HttpResponse<String>> refused = new ArrayList<>();
        try (Connection admin = StackSession.stack().db().admin(); Statement sql = admin.createStatement()) {
            sql.execute("SET GLOBAL log_output = 'TABLE'");
            sql.execute("SET GLOBAL general_log = 1");
            try {
                sql.execute("TRUNCATE mysql.general_log");
                refused.add(api.get("continents", user, PASSWORD));
                refused.add(api.send("GET", "continents", Api.basic(user, PASSWORD), "X-Forwarded-For", client, "X-Forwarded-Proto", "http"));
                refused.add(api.send("GET", "continents", Api.basic(user, PASSWORD), "Forwarded", "for=" + client + ";proto=http"));
                refused.add(api.send("GET", "continents", Api.basic(user, "a wrong password"), "X-Forwarded-For", client));
                assertEquals(0, AuthenticationIT.queries(admin, "%FROM users%"), "no password was checked");
            } finally {
                sql.execute("SET GLOBAL general_log = 0");
            }
        }
        for (HttpResponse<String> response : refused) {
            assertEquals(403, response.statusCode(), response.body());
            assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(response.body().contains("only over HTTPS"), response.body());
        }
        assertEquals(loginCounters, loginCounters(), "no failed login was counted");
        assertNull(StackSession.stack().redis().get(RateLimitIT.key(user)), "no quota was spent");

        assertEquals(200, login(user, PASSWORD, client).statusCode(), "the same credentials over the proxy's TLS");
        assertEquals(200, api.send("GET", "continents", Api.basic(user, PASSWORD), "Forwarded", "for=" + client + ";proto=https").statusCode());
    }

    private static Map<String, String> loginCounters() {
        Map<String, String> counters = new TreeMap<>();
        loginKeys().forEach(key -> counters.put(key, StackSession.stack().redis().get(key)));
        return counters;
    }

    @Test
    void aUserNameFromOneClientIsRefusedAfterTheLimitEvenWithTheRightPassword() {
        String client = newClient();
        for (int i = 0; i < 3; i++) {
            assertEquals(401, login(user, "guess " + i, client).statusCode());
        }
        HttpResponse<String> refused = login(user, PASSWORD, client);
        assertThrottled(refused, "login");
        assertNull(StackSession.stack().redis().get(RateLimitIT.key(user)), "a refused login spends none of the user's quota");

        assertEquals(200, login(user, PASSWORD, newClient()).statusCode(), "the user, from another client, is not locked out");
    }

    @Test
    void aSuccessfulLoginNeitherCountsNorForgivesFailures() {
        String client = newClient();
        assertEquals(401, login(user, "guess 1", client).statusCode());
        assertEquals(401, login(user, "guess 2", client).statusCode());
        for (int i = 0; i < 5; i++) {
            assertEquals(200, login(user, PASSWORD, client).statusCode());
        }
        assertEquals(401, login(user, "guess 3", client).statusCode());
        assertThrottled(login(user, "guess 4", client), "login");
        assertEquals(200, login(user, PASSWORD, client).statusCode(),
                "credentials verified moments ago are remembered, not a guess: the throttle does not interrupt them");
    }

    @Test
    void oneClientTryingManyUserNamesIsRefused() {
        String client = newClient();
        for (int i = 0; i < 6; i++) {
            assertEquals(401, login(user + "-" + i, PASSWORD, client).statusCode());
        }
        assertThrottled(login(user, PASSWORD, client), "login-client");
        assertEquals(200, login(user, PASSWORD, newClient()).statusCode());
    }

    @Test
    void oneUserNameGuessedFromManyClientsIsRefused() {
        for (int i = 0; i < 5; i++) {
            assertEquals(401, login(user, "guess " + i, newClient()).statusCode());
        }
        assertThrottled(login(user, PASSWORD, newClient()), "login-user");
    }

    @Test
    void theThrottleEndsWhenItsCountersExpire() {
        String client = newClient();
        for (int i = 0; i < 3; i++) {
            login(user, "guess " + i, client);
        }
        assertThrottled(login(user, PASSWORD, client), "login");
        List<String> keys = loginKeys();
        assertFalse(keys.isEmpty());
        keys.forEach(key -> StackSession.stack().redis().pexpire(key, 1));
        assertEquals(200, awaitLogin(client), "the window is over");
    }

    /** A key set to expire in 1 ms may outlive that by a moment: Redis deletes it at its next look. */
    private int awaitLogin(String client) {
        int status = 0;
        for (int attempt = 0; attempt < 20 && status != 200; attempt++) {
            status = login(user, PASSWORD, client).statusCode();
        }
        return status;
    }

    @Test
    void theCountersExpireAndNameNeitherTheUserNorThePassword() {
        String client = newClient();
        login(user, "guess 0", client);
        List<String> keys = loginKeys();
        assertFalse(keys.isEmpty());
        assertEquals(2, keys.stream().filter(key -> key.endsWith(":c:" + client)).count(), keys.toString());
        for (String key : keys) {
            long ttl = StackSession.stack().redis().pttl(key);
            // Other deployments in this build leave counters with their own windows: this test's client has this one.
            long window = key.endsWith(":c:" + client) ? WINDOW : 24 * 3600;
            assertTrue(ttl > 0 && ttl <= window * 1000L, key + " expires in " + ttl + " ms");
            assertFalse(key.contains(user) || key.contains("guess") || key.contains(PASSWORD), key);
        }
    }

    /** Last: the limiter's circuit breaker stays open for a moment after Redis returns. */
    @Test
    @Order(Integer.MAX_VALUE)
    void withoutRedisLoginsAreCheckedAsBeforeInFailOpenMode() throws Exception {
        String client = newClient();
        Stack stack = StackSession.stack();
        String log;
        try (ServerLog serverLog = ServerLog.capture()) {
            stack.stopRedis();
            try {
                for (int i = 0; i < 5; i++) {
                    assertEquals(401, login(user, "wrong-secret-" + i, client).statusCode());
                }
                assertEquals(200, login(user, PASSWORD, client).statusCode());
            } finally {
                stack.startRedis();
            }
            log = serverLog.text();
        }
        assertTrue(log.contains("Redis failed"), "the server's log is captured: " + log);
        for (String secret : List.of(PASSWORD, "wrong-secret-", Api.basic(user, PASSWORD).substring("Basic ".length()))) {
            assertFalse(log.contains(secret), "the server log contains " + secret);
        }
    }

    /** The limiter's 429 quota-exceeded problem, naming the spent counter; returns Retry-After. */
    private static String assertThrottled(HttpResponse<String> response, String policy) {
        assertEquals(429, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        String retryAfter = response.headers().firstValue("Retry-After").orElseThrow();
        assertTrue(Long.parseLong(retryAfter) >= 1 && Long.parseLong(retryAfter) <= WINDOW, "Retry-After " + retryAfter);
        JsonObject problem = Json.createReader(new StringReader(response.body())).readObject();
        assertEquals(QUOTA_EXCEEDED, problem.getString("type"));
        assertEquals(429, problem.getInt("status"));
        assertTrue(problem.getJsonArray("violated-policies").getValuesAs(JsonString::getString).contains(policy), response.body());
        return retryAfter;
    }

    static List<String> loginKeys() {
        ScanParams match = new ScanParams().match("rl:login:*").count(1000);
        List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = StackSession.stack().redis().scan(cursor, match);
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }
}
