package com.continentsapi.ratelimit;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.StandardDeployment;
import com.continentsapi.stack.EmbeddedMariaDb;
import com.continentsapi.stack.StackSession;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

@Tag("portable")
public class RateLimitIT extends StandardDeployment {

    static final String PASSWORD = "correct horse battery staple";
    static final Pattern RATE_LIMIT = Pattern.compile("\"default\";r=(\\d+);t=(\\d+)");
    static final Pattern SENTENCE = Pattern.compile(
            "You're not allowed to access this resource\\. Wait (\\d+) seconds before trying again\\.");


    Api api;
    String user;


    @BeforeAll
    static void demoUser() throws Exception {
        StackSession.stack().users().add("john_doe", "EXAMPLE_PASSWORD");
    }

    @BeforeEach
    void freshUser() throws Exception {
        api = new Api(base);
        user = StackSession.stack().users().fresh("limited", PASSWORD);
    }

    /** The tutorial's session: curl -u john_doe:EXAMPLE_PASSWORD "http://localhost:8080/?[1-10]". */
    @Test
    void tutorialSessionGetsFiveListsThenTooManyRequests() {
        for (int i = 1; i <= 10; i++) {
            HttpResponse<String> response = api.get("?" + i, "john_doe", "EXAMPLE_PASSWORD");
            assertEquals("\"default\";q=5;w=60", header(response, "RateLimit-Policy"));
            Matcher rateLimit = RATE_LIMIT.matcher(header(response, "RateLimit"));
            assertTrue(rateLimit.matches(), header(response, "RateLimit"));
            long remaining = Long.parseLong(rateLimit.group(1));
            long reset = Long.parseLong(rateLimit.group(2));
            assertTrue(reset >= 1 && reset <= 60, "t=" + reset);
            if (i <= 5) {
                int request = i;
                assertAll(
                        () -> assertEquals(200, response.statusCode()),
                        () -> assertEquals("application/json", header(response, "Content-Type")),
                        () -> assertEquals(Api.SEVEN_CONTINENTS, response.body()),
                        () -> assertEquals(5 - request, remaining));
            } else {
                assertEquals(429, response.statusCode());
                assertEquals("application/problem+json", header(response, "Content-Type"));
                long retryAfter = Long.parseLong(header(response, "Retry-After"));
                assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
                assertEquals(0, remaining);
                assertEquals(retryAfter, reset);
                Matcher sentence = SENTENCE.matcher(response.body());
                assertTrue(sentence.find(), response.body());
                assertEquals(retryAfter, Long.parseLong(sentence.group(1)));
                assertTrue(response.body().contains("\"status\":429"), response.body());
            }
        }
    }

    @Test
    void simultaneousRequestsOfOneUserLetExactlyTheLimitThrough() {
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            inFlight.add(api.getAsync("continents", user, PASSWORD));
        }
        Map<Integer, Long> byStatus = inFlight.stream()
                .map(CompletableFuture::join)
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));

        assertEquals(Map.of(200, 5L, 429, 115L), byStatus);
        assertEquals("5", StackSession.stack().redis().get(key(user)), "a denial consumes nothing");
    }

    /**
     * One round trip per decision, none for a denial already known: of 7 requests, the 4 still allowed and the
     * first denied send one EVALSHA each and nothing else; the 2 after it are denied by the instance's denial
     * cache without Redis. Redis also counts the commands the script runs, so the whole bill is exact: in the
     * 5 EVALSHA, 5 PTTL and 5 GET, and an INCRBY for each of the 4 allowed (the window is already set); no TIME,
     * as the fixed window's clock is its key's expiry.
     */
    @Test
    void eachDecisionIsOneEvalshaAndKnownDenialsNone() {
        assertEquals(200, api.get("continents", user, PASSWORD).statusCode()); // loads the script if Redis lacks it
        UnifiedJedis redis = StackSession.stack().redis();
        redis.sendCommand(Protocol.Command.CONFIG, "RESETSTAT");

        for (int i = 0; i < 7; i++) {
            api.get("continents", user, PASSWORD);
        }

        Map<String, Long> calls = commandCalls(redis.info("commandstats"));
        // The test's own CONFIG RESETSTAT and INFO, and PINGs that pool evictors send idle connections every 30 s in the background.
        calls.keySet().removeAll(TEST_OWN_COMMANDS);
        assertEquals(Map.of("evalsha", 5L, "get", 5L, "pttl", 5L, "incrby", 4L), calls);
    }

    /**
     * An override travels in the EVALSHA's arguments, so the bill is the same per decision: of 10 requests under
     * an override of 8, the 7 still allowed and the first denied send one EVALSHA each (8 GET, 8 PTTL, 7 INCRBY
     * inside), the 2 after it none. The PUT's PUBLISH happens before the count starts.
     */
    @Test
    void anOverrideAddsNothingToTheBill() throws Exception {
        String admin = StackSession.stack().users().fresh("bill-admin", PASSWORD);
        StackSession.stack().users().set(admin, "admin", null);
        assertEquals(200, api.sendJson("PUT", "admin/ratelimit/" + user + "/overrides/default", Api.basic(admin, PASSWORD), "{\"limit\": 8}").statusCode());
        assertEquals(200, api.get("continents", user, PASSWORD).statusCode());
        UnifiedJedis redis = StackSession.stack().redis();
        redis.sendCommand(Protocol.Command.CONFIG, "RESETSTAT");

        for (int i = 0; i < 10; i++) {
            api.get("continents", user, PASSWORD);
        }

        Map<String, Long> calls = commandCalls(redis.info("commandstats"));
        calls.keySet().removeAll(TEST_OWN_COMMANDS);
        assertEquals(Map.of("evalsha", 8L, "get", 8L, "pttl", 8L, "incrby", 7L), calls);
        assertEquals("8", redis.get(key(user)));
    }

    /** Five requests: the administrator's own quota. The other bounds are OverrideRequestTest's. */
    @Test
    void aBadOverrideIsA400AndAnUnknownUserA404AsProblems() throws Exception {
        String name = StackSession.stack().users().fresh("bad-admin", PASSWORD);
        StackSession.stack().users().set(name, "admin", null);
        String admin = Api.basic(name, PASSWORD);
        Map<String, Integer> expected = Map.of(
                user + "/overrides/nosuchpolicy|{\"limit\": 5}", 400,
                user + "/overrides/default|limit=5", 400,
                user + "/overrides/default|{\"limit\": 0}", 400,
                user + "/overrides/default|{\"limit\": 5, \"window\": \"1m\"}", 400,
                "nobody-" + user + "/overrides/default|{\"limit\": 5}", 404);
        expected.forEach((pathAndBody, status) -> {
            String[] parts = pathAndBody.split("\\|", 2);
            HttpResponse<String> response = api.sendJson("PUT", "admin/ratelimit/" + parts[0], admin, parts[1]);
            assertEquals(status, response.statusCode(), pathAndBody + ": " + response.body());
            assertEquals("application/problem+json", header(response, "Content-Type"), pathAndBody);
        });
    }

    /**
     * Redis 7 counts a subcommand on its own: config|resetstat. A connection the pool opens meanwhile says hello and
     * names itself: its set-up is no decision's. Nor is the change subscription's heartbeat (a SUBSCRIBE to the
     * channel it is on, every REDIS_SUBSCRIPTION_PING_MS), nor a subscription made again.
     */
    static final List<String> TEST_OWN_COMMANDS = List.of("config|resetstat", "info", "ping", "hello", "auth", "client|setname", "client|setinfo",
            "subscribe");

    /** {@code cmdstat_evalsha:calls=7,usec=...} lines, as command name to calls. */
    static Map<String, Long> commandCalls(String commandstats) {
        Map<String, Long> calls = new java.util.HashMap<>();
        Matcher line = Pattern.compile("cmdstat_([a-z|_-]+):calls=(\\d+)").matcher(commandstats);
        while (line.find()) {
            calls.put(line.group(1), Long.parseLong(line.group(2)));
        }
        return calls;
    }

    @Test
    void deniedRequestRunsNoSql() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(200, api.get("continents", user, PASSWORD).statusCode());
        }
        try (Connection admin = StackSession.stack().db().admin(); Statement sql = admin.createStatement()) {
            sql.execute("SET GLOBAL log_output = 'TABLE'");
            sql.execute("SET GLOBAL general_log = 1");
            try {
                sql.execute("TRUNCATE mysql.general_log");
                assertEquals(429, api.get("continents", user, PASSWORD).statusCode());
                String other = StackSession.stack().users().fresh("control", PASSWORD);
                assertEquals(200, api.get("continents", other, PASSWORD).statusCode());

                assertEquals(1, queriesOfContinents(admin), "the allowed request's query, and none of the denied one's");
            } finally {
                sql.execute("SET GLOBAL general_log = 0");
            }
        }
    }

    @Test
    void redisKeysNameTheUserHoldNoCredentialAndAllExpire() throws Exception {
        String other = StackSession.stack().users().fresh("other", "another password");
        assertEquals(200, api.get("continents", user, PASSWORD).statusCode());
        assertEquals(200, api.get("continents", other, "another password").statusCode());

        List<String> keys = allKeys();
        assertTrue(keys.contains(key(user)), keys.toString());
        String header = Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes());
        for (String key : keys) {
            assertFalse(key.contains(PASSWORD) || key.contains("another password") || key.contains(header)
                    || key.contains("PBKDF2") || key.contains("Basic"), key);
            long ttl = StackSession.stack().redis().pttl(key);
            assertTrue(ttl > 0, key + " expires in " + ttl + " ms"); // other suites' keys too: none may live for ever
        }
        long ttl = StackSession.stack().redis().pttl(key(user));
        assertTrue(ttl <= 60_000, "the window is the policy's: " + ttl + " ms");
    }

    public static String key(String user) {
        return "rl:{" + user + "}:default";
    }

    static long queriesOfContinents(Connection admin) throws Exception {
        try (PreparedStatement query = admin.prepareStatement(
                "SELECT COUNT(*) FROM mysql.general_log WHERE " + EmbeddedMariaDb.APP_STATEMENTS)) {
            query.setString(1, "%FROM continents%");
            try (ResultSet count = query.executeQuery()) {
                count.next();
                return count.getLong(1);
            }
        }
    }

    static List<String> allKeys() {
        List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = StackSession.stack().redis().scan(cursor);
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }

    static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header"));
    }
}
