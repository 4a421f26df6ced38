package com.continentsapi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.Deployments;
import com.continentsapi.ratelimit.login.LoginThrottle;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
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
 * Password guessing over HTTP: a login is refused (429) once its user name has spent its failures from a client,
 * before the password is checked, and credentials verified moments ago are not interrupted; every counter and its
 * window is held by the limiter's suite (RateLimiterIT). The test plays a trusted proxy, so each test has clients
 * of its own, and the proxy terminates TLS (X-Forwarded-Proto: https), so this deployment (hardened: TLS required)
 * also shows credentials refused without TLS.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginThrottleIT {

    static final String PASSWORD = "throttled password";
    /** The defaults: failed logins per user name and client, and the window they are counted in. */
    static final int LIMIT = 10;
    static final int WINDOW = 900;
    static final String ABNORMAL_USAGE = "https://iana.org/assignments/http-problem-types#abnormal-usage-detected";
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    @ArquillianResource
    URL base;

    Api api;
    String user;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.hardened();
    }

    @BeforeEach
    void freshUser() throws Exception {
        api = new Api(base);
        user = StackSession.stack().users().fresh("guessed", PASSWORD, Deployments.ROOMY);
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
        assertNull(StackSession.stack().redis().get("rl:{" + user + "}:" + Deployments.ROOMY), "no quota was spent");

        assertEquals(200, login(user, PASSWORD, client).statusCode(), "the same credentials over the proxy's TLS");
        assertEquals(403, api.send("GET", "continents", Api.basic(user, PASSWORD), "Forwarded", "for=" + client + ";proto=https").statusCode(),
                "a Forwarded header is the client's own: this proxy writes X-Forwarded-Proto (ratelimit.forwarded-header)");
    }

    /**
     * Behind a proxy that appends X-Forwarded-For and passes Forwarded through (nginx, AWS ALB, Traefik), a
     * client that names itself anew in Forwarded on every guess is still one client.
     */
    @Test
    void aClientThatNamesItselfAnewInForwardedOnEveryGuessIsStillThrottled() {
        String client = newClient();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 1; i <= 15; i++) {
            statuses.add(api.send("GET", "continents", Api.basic(user, "guess " + i), "Forwarded", "for=203.0.113." + i + ";proto=https",
                    "X-Forwarded-For", client, "X-Forwarded-Proto", "https").statusCode());
        }
        List<Integer> expected = new ArrayList<>(Collections.nCopies(LIMIT, 401));
        expected.addAll(Collections.nCopies(15 - LIMIT, 429));
        assertEquals(expected, statuses);
    }

    private static Map<String, String> loginCounters() {
        Map<String, String> counters = new TreeMap<>();
        loginKeys().forEach(key -> counters.put(key, StackSession.stack().redis().get(key)));
        return counters;
    }

    @Test
    void aUserNameFromOneClientIsRefusedAfterTheLimitEvenWithTheRightPassword() {
        String client = newClient();
        for (int i = 0; i < LIMIT; i++) {
            assertEquals(401, login(user, "guess " + i, client).statusCode());
        }
        HttpResponse<String> refused = login(user, PASSWORD, client);
        assertThrottled(refused, "login");
        assertNull(StackSession.stack().redis().get("rl:{" + user + "}:" + Deployments.ROOMY), "a refused login spends none of the user's quota");

        assertEquals(200, login(user, PASSWORD, newClient()).statusCode(), "the user, from another client, is not locked out");
    }

    @Test
    void aSuccessfulLoginNeitherCountsNorForgivesFailures() {
        String client = newClient();
        for (int i = 1; i < LIMIT; i++) {
            assertEquals(401, login(user, "guess " + i, client).statusCode());
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(200, login(user, PASSWORD, client).statusCode());
        }
        assertEquals(401, login(user, "guess " + LIMIT, client).statusCode());
        assertThrottled(login(user, "guess again", client), "login");
        assertEquals(200, login(user, PASSWORD, client).statusCode(),
                "credentials verified moments ago are remembered, not a guess: the throttle does not interrupt them");
    }

    /**
     * 200 wrong passwords for 200 user names at once, each from a client of its own (so the throttle refuses none),
     * against hashes with the operator's 210,000 iterations: no more PBKDF2 checks run at once than the ceiling
     * (auth.password-checks.concurrent, here the default: one per processor), and a login that found no turn within
     * the wait is a 503 with Retry-After that counted as no failed login.
     */
    @Test
    void concurrentPasswordChecksStayWithinTheCeilingAndTheRestAre503sThatCountNothing() throws Exception {
        List<String> names = StackSession.stack().users().freshWithCostlyHash("crowd", PASSWORD, 200);
        long userCounters = userCounters();
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (String name : names) {
            pending.add(api.sendAsync("GET", "continents", Api.basic(name, "a guess"), "X-Forwarded-For", newClient(), "X-Forwarded-Proto", "https"));
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (CompletableFuture<HttpResponse<String>> answer : pending) {
            HttpResponse<String> response = answer.join();
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() == 503) {
                assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
                assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());
            } else {
                assertEquals(401, response.statusCode(), response.body());
            }
        }
        long burstMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals((long) statuses.getOrDefault(401, 0), userCounters() - userCounters, "a failed login counted for each 401, none for a 503: " + statuses);
        String metrics = api.send("GET", "metrics?scope=application", null).body();
        long ceiling = gauge(metrics, "auth_password_checks_ceiling");
        long mostAtOnce = gauge(metrics, "auth_password_checks_most_at_once");
        System.err.println("200 concurrent wrong passwords, 200 user names, answered in " + burstMillis + " ms: " + statuses
                + "; password checks at once: at most "
                + mostAtOnce + ", ceiling " + ceiling + ", refused " + gauge(metrics, "auth_password_checks_refused"));
        assertTrue(mostAtOnce >= 1 && mostAtOnce <= ceiling, mostAtOnce + " at once, ceiling " + ceiling);
    }

    /**
     * 200 different wrong passwords for one user name from one client, all at once: only a checked password can
     * be answered 401, so the 401s count the guesses that reached PBKDF2. The throttle takes each guess's failure
     * before the check, so no more than its limit get there; the others are 429s (throttled) or 503s (no turn
     * for a check, which count nothing).
     */
    @Test
    void concurrentWrongPasswordsForOneUserFromOneClientReachThePasswordCheckNoMoreThanTheLimit() {
        String client = newClient();
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            pending.add(api.sendAsync("GET", "continents", Api.basic(user, "concurrent guess " + i), "X-Forwarded-For", client,
                    "X-Forwarded-Proto", "https"));
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (CompletableFuture<HttpResponse<String>> answer : pending) {
            statuses.merge(answer.join().statusCode(), 1, Integer::sum);
        }
        System.err.println("200 concurrent wrong passwords for one user name from one client: " + statuses);
        assertTrue(Set.of(401, 429, 503).containsAll(statuses.keySet()), "only 401, 429 or 503: " + statuses);
        int checked = statuses.getOrDefault(401, 0);
        assertTrue(checked <= LIMIT, checked + " passwords checked, " + LIMIT + " failed logins allowed: " + statuses);
        assertEquals(Integer.toString(checked), StackSession.stack().redis().get(LoginThrottle.keys(user, client).getFirst()),
                "a failed login counted for each 401, none for a 429 or a 503: " + statuses);
    }

    private static long gauge(String metrics, String name) {
        Matcher value = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+]+)$").matcher(metrics);
        assertTrue(value.find(), name + " in " + metrics);
        return (long) Double.parseDouble(value.group(2));
    }

    /** The failed-login counters of single user names. */
    private static long userCounters() {
        return loginKeys().stream().filter(key -> key.contains(":u:") && !key.contains(":c:")).count();
    }

    /** The limiter's 429 abnormal-usage-detected problem, naming the spent counter; returns Retry-After. */
    private static String assertThrottled(HttpResponse<String> response, String policy) {
        assertEquals(429, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        String retryAfter = response.headers().firstValue("Retry-After").orElseThrow();
        assertTrue(Long.parseLong(retryAfter) >= 1 && Long.parseLong(retryAfter) <= WINDOW, "Retry-After " + retryAfter);
        JsonObject problem = Json.createReader(new StringReader(response.body())).readObject();
        assertEquals(ABNORMAL_USAGE, problem.getString("type"));
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
