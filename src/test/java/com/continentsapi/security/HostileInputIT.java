package com.continentsapi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.BrowserOrigins;
import com.continentsapi.Deployments;
import com.continentsapi.stack.ServerLog;
import com.continentsapi.stack.StackSession;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Hundreds of malformed requests, generated from a fixed seed, each answered with a 4xx and never a 5xx, changing
 * no quota but the one of the user who sent valid credentials; then nothing secret is found where it could leak:
 * Redis, the server's log, problem bodies and metrics. Anonymous callers are limited by address behind a trusted
 * proxy (this machine), so forged forwarding headers are believed as far as a real proxy's would be.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

    static final long SEED = 5;
    static final String PASSWORD = "hostile password";
    /** Every wrong password sent starts with this, so a leak of any of them can be searched for. */
    static final String GUESS = "guessed-secret-";

    @ArquillianResource
    URL base;

    static String user;
    static ServerLog serverLog;
    static final List<RawHttp.Answer> ANSWERS = new ArrayList<>();
    static final List<String> AUTHORIZATIONS = new ArrayList<>();

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.withPolicies();
    }

    @BeforeAll
    static void userAndLog() throws Exception {
        user = StackSession.stack().users().fresh("hostile", PASSWORD, Deployments.ROOMY);
        serverLog = ServerLog.capture();
    }

    @AfterAll
    static void stopCapturing() {
        serverLog.close();
        // Its hundreds of bad logins came from this machine: other tests' wrong passwords must not find the
        // per-client failed-login allowance spent (the build's Redis lives for the whole verify).
        LoginThrottleIT.loginKeys().forEach(StackSession.stack().redis()::del);
    }

    /**
     * A kind of malformed request, and whether the server itself (not the app) may be the one that refuses it: it
     * does for oversize requests, header bytes outside printable ASCII, an encoded NUL or "..", or a backslash in the path, and TRACE,
     * with an empty 400 (405 for TRACE).
     */
    record Hostile(String kind, byte[] head, boolean serverMayAnswer) {

        Hostile(String kind, byte[] head) {
            this(kind, head, malformedForTheServer(head));
        }

        private static boolean malformedForTheServer(byte[] head) {
            String text = new String(head, StandardCharsets.ISO_8859_1);
            String target = text.lines().findFirst().orElse("");
            return text.startsWith("TRACE ") || target.contains("%00") || target.contains("%2e%2e") || target.contains("\\")
                    || text.lines().anyMatch(line -> line.length() > 8 * 1024)
                    || text.chars().anyMatch(c -> (c < 0x20 && c != '\r' && c != '\n') || c >= 0x7f);
        }
    }

    @Test
    @Order(1)
    void everyMalformedRequestIsA4xxAndChangesOnlyTheCallersQuota() throws Exception {
        List<Hostile> requests = generate(new Random(SEED));
        assertTrue(requests.size() >= 500, requests.size() + " requests");
        String context = base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
        assertEquals(200, new Api(base).get("continents", user, PASSWORD).statusCode(), "the caller's quota exists");
        Map<String, String> before = snapshot();

        RawHttp http = new RawHttp(base);
        Map<String, Map<String, Integer>> tally = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Hostile hostile : requests) {
            byte[] head = new String(hostile.head(), StandardCharsets.ISO_8859_1).replace("{context}", context)
                    .getBytes(StandardCharsets.ISO_8859_1);
            RawHttp.Answer answer = http.send(head);
            ANSWERS.add(answer);
            String problem = answer.contentType().startsWith("application/problem+json") ? "problem" : "server:" + answer.contentType();
            tally.computeIfAbsent(hostile.kind(), kind -> new TreeMap<>()).merge(answer.status() + " " + problem, 1, Integer::sum);
            boolean clientError = answer.status() >= 400 && answer.status() < 500;
            if (!clientError || (problem.startsWith("server") && !hostile.serverMayAnswer())) {
                failures.add(hostile.kind() + ": " + answer.status() + " " + answer.contentType() + " for "
                        + abbreviate(new String(head, StandardCharsets.ISO_8859_1)) + " -> " + abbreviate(answer.text()));
            }
        }
        System.err.println("Hostile input, kind -> answers: " + tally);
        assertEquals(List.of(), failures, "answers: " + tally);

        Map<String, String> after = snapshot();
        Map<String, String> changed = new TreeMap<>();
        after.forEach((key, value) -> {
            if (!value.equals(before.get(key)) && !key.startsWith("rl:{" + user + "}") && !key.startsWith("rl:login:")) {
                changed.put(key, before.get(key) + " -> " + value);
            }
        });
        assertEquals(Map.of(), changed, "only the caller's quota (and the counters of failed logins) may change");
    }

    @Test
    @Order(2)
    void noPasswordHashOrAuthorizationValueIsInRedisTheLogProblemsOrMetrics() throws Exception {
        List<String> secrets = new ArrayList<>(List.of(PASSWORD, GUESS, passwordHash(), Api.basic(user, PASSWORD),
                Api.basic(user, PASSWORD).substring("Basic ".length())));
        AUTHORIZATIONS.stream().filter(value -> value.length() >= 12).forEach(secrets::add);

        UnifiedJedis redis = StackSession.stack().redis();
        List<String> keys = scan(redis);
        assertFalse(keys.isEmpty());
        for (String key : keys) {
            assertNoSecret(secrets, "Redis key", key);
            assertNoSecret(secrets, "Redis value of " + key, value(redis, key));
        }
        for (RawHttp.Answer answer : ANSWERS) {
            assertNoSecret(secrets, "answer", answer.text());
        }
        HttpResponse<String> metrics = new Api(base).get("metrics", (String) null);
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("ratelimit_decisions_total"), "the limiter's metrics are there to look at");
        assertNoSecret(secrets, "/metrics", metrics.body());
        assertFalse(metrics.body().contains(user), "no metric label names a user");
        String log = serverLog.text();
        System.err.println("Server log lines captured during the hostile traffic: " + log.lines().count());
        assertNoSecret(secrets, "the server log", log);
    }

    /**
     * Reserved characters (RFC 3986 gen-delims and sub-delims but ':' and the ones the generator already sends),
     * raw and percent-encoded, in each segment of a path: the application answers, with a problem.
     * ':' is ColonPathIT's, in the portable suite.
     */
    @Test
    @Order(3)
    void reservedCharactersInAnyPathSegmentAreA4xxProblem() throws Exception {
        String context = base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
        RawHttp http = new RawHttp(base);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (String reserved : List.of("@", "%40", "!", "$", "&", "'", "(", ")", "*", "+", ",", ";", "=", "%3B", "%2C", "%3D", "%5B", "%5D", "%21")) {
            for (String path : List.of("a" + reserved + "b", "conti" + reserved + "nents", "continents/a" + reserved + "b", "continents/1/a" + reserved + "b")) {
                String request = new String(head("GET", path, "Authorization: " + Api.basic(user, PASSWORD)), StandardCharsets.ISO_8859_1);
                RawHttp.Answer answer = http.send(request.replace("{context}", context).getBytes(StandardCharsets.ISO_8859_1));
                sent++;
                if (answer.status() < 400 || answer.status() >= 500 || !answer.contentType().startsWith("application/problem+json")) {
                    failures.add(path + " -> " + answer.status() + " " + answer.contentType());
                }
            }
        }
        assertEquals(76, sent);
        assertEquals(List.of(), failures);
    }

    /**
     * Malformed request lines (an unknown or garbled version, garbage after it, a space in the target), alone and
     * with a header the server refuses, 1,000 in a burst. The server answers 400 or 505, or closes the connection
     * without an answer (Grizzly cannot build the 400 for a version it does not know); the log grows by at most
     * one line per request and holds no stack trace. Measured on Payara Micro 7.2025.1: see RELIABILITY.md.
     */
    @Test
    @Order(4)
    void aBurstOfMalformedRequestLinesCostsTheLogAtMostOneLineEachAndNoStackTrace() throws Exception {
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("garbage after the version", "GET {context}continents HTTP/1.1 junk");
        kinds.put("garbage glued to the version", "GET {context}continents HTTP/1.1junk");
        kinds.put("unknown version", "GET {context}continents HTTP/1.2");
        kinds.put("no version", "GET {context}continents XYZ");
        kinds.put("space in the target", "GET {context}con tinents HTTP/1.1");
        kinds.put("unknown version, control character in a header", "GET {context}continents HTTP/1.2\r\nX-Junk: a\u0001b");
        kinds.put("unknown version, chunked", "POST {context}continents HTTP/1.2\r\nTransfer-Encoding: chunked");
        kinds.put("no version, unreadable Content-Length", "POST {context}continents XYZ\r\nContent-Length: abc");
        kinds.put("garbage after the version, space before a colon", "GET {context}continents HTTP/1.1 junk\r\nX-Junk : a");
        kinds.put("space in the target, chunked", "POST {context}a b c HTTP/1.1\r\nTransfer-Encoding: chunked");
        String context = base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
        RawHttp http = new RawHttp(base);
        int each = 1_000 / kinds.size();
        Map<String, String> answersAndLines = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        long before = awaitQuietLog();
        long linesBefore = before;
        for (Map.Entry<String, String> kind : kinds.entrySet()) {
            byte[] head = kind.getValue().replace("{context}", context).getBytes(StandardCharsets.ISO_8859_1);
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (int i = 0; i < each; i++) {
                RawHttp.Answer answer = http.send(head);
                statuses.merge(answer.status(), 1, Integer::sum);
                if (answer.status() != 400 && answer.status() != 505 && answer.status() != -1) {
                    failures.add(kind.getKey() + ": " + answer.status());
                }
            }
            long after = awaitQuietLog();
            answersAndLines.put(kind.getKey(), statuses + ", " + (after - linesBefore) + " log lines");
            linesBefore = after;
        }
        long grown = linesBefore - before;
        System.err.println("Malformed request lines, " + each * kinds.size() + " sent: log grew by " + grown + " lines; " + answersAndLines);
        assertEquals(List.of(), failures, answersAndLines.toString());
        assertTrue(grown <= each * kinds.size(), grown + " log lines for " + each * kinds.size() + " requests: " + answersAndLines);
        String log = serverLog.text();
        assertFalse(log.contains("GRIZZLY0013"), "Grizzly's stack trace is in the log");
        assertFalse(log.lines().anyMatch(line -> line.startsWith("\tat org.glassfish.grizzly")), "a stack trace is in the log");
    }

    /**
     * Requests the server cannot parse before the application sees them: a bad '%' escape in the path, a Host header
     * with a port that is no number, one with a header smashed into it together with credentials, folded and garbled
     * Host headers; 1,000 in a burst. Payara Micro 7.2025.1 answers most with an empty 200 (the edge refuses them:
     * EdgeIT) and logs each with a stack trace that quotes the Host header. The log grows by at most one record for
     * each kind of server record (two) and started minute, holds no stack trace and none of the credentials.
     */
    @Test
    @Order(5)
    void aBurstOfUnparseableTargetsAndHostHeadersCostsTheLogALineAMinuteWithoutTheirContent() throws Exception {
        String context = base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
        String address = base.getHost() + ":" + base.getPort();
        String smashed = "Authorization: " + Api.basic("smashed-" + user, GUESS + "smashed");
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("bad escape in the path", "GET " + context + "continents/%zz HTTP/1.1\r\nHost: " + address);
        kinds.put("escape cut short", "GET " + context + "continents/% HTTP/1.1\r\nHost: " + address);
        kinds.put("escape of one digit", "GET " + context + "continents/%4 HTTP/1.1\r\nHost: " + address);
        kinds.put("a port that is no number", "GET " + context + "continents HTTP/1.1\r\nHost: " + base.getHost() + ":1x");
        kinds.put("a header smashed into Host", "GET " + context + "continents HTTP/1.1\r\nHost: " + address + smashed);
        kinds.put("a folded Host", "GET " + context + "continents HTTP/1.1\r\nHost: " + base.getHost() + "\r\n :" + base.getPort() + "\r\n" + smashed);
        kinds.put("a garbled Host", "GET " + context + "continents HTTP/1.1\r\nHost: [::1:" + base.getPort() + "\r\n" + smashed);
        kinds.put("two ports in Host", "GET " + context + "continents HTTP/1.1\r\nHost: " + address + ":" + base.getPort() + "\r\n" + smashed);
        RawHttp http = new RawHttp(base);
        int each = 1_000 / kinds.size();
        Map<String, Map<Integer, Integer>> answers = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        String log;
        long grown;
        long started = System.nanoTime();
        try (ServerLog capture = ServerLog.capture()) {
            long before = awaitQuietLog();
            for (Map.Entry<String, String> kind : kinds.entrySet()) {
                byte[] request = (kind.getValue() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
                for (int i = 0; i < each; i++) {
                    RawHttp.Answer answer = http.sendExactly(request);
                    ANSWERS.add(answer);
                    answers.computeIfAbsent(kind.getKey(), key -> new TreeMap<>()).merge(answer.status(), 1, Integer::sum);
                    if (answer.status() >= 500) {
                        failures.add(kind.getKey() + ": " + abbreviate(answer.text()));
                    }
                }
            }
            grown = awaitQuietLog() - before;
            log = capture.text();
        }
        long minutes = 1 + java.util.concurrent.TimeUnit.NANOSECONDS.toMinutes(System.nanoTime() - started);
        System.err.println("Unparseable targets and Host headers, " + each * kinds.size() + " sent: log grew by " + grown
                + " lines in " + minutes + " started minute(s); " + answers);
        assertEquals(List.of(), failures, answers.toString());
        // two kinds of server record, each logged as its line and a blank one
        assertTrue(grown <= 2 * 2 * minutes, grown + " log lines for " + each * kinds.size() + " requests:\n" + log);
        assertFalse(log.lines().anyMatch(line -> line.startsWith("\tat ")), "a stack trace is in the log:\n" + log);
        for (String secret : List.of(smashed, smashed.substring("Authorization: Basic ".length()), GUESS)) {
            assertFalse(log.contains(secret), "the log quotes the credentials " + secret + ":\n" + log);
        }
    }

    /** The number of lines the server has logged so far, once nothing new arrived for a second. */
    private static long awaitQuietLog() throws InterruptedException {
        long lines = serverLog.text().lines().count();
        for (int quiet = 0; quiet < 10; ) {
            Thread.sleep(100);
            long now = serverLog.text().lines().count();
            quiet = now == lines ? quiet + 1 : 0;
            lines = now;
        }
        return lines;
    }

    /**
     * A fault of the app or its data is no outage: a user whose stored hash is not a hash gets a 500 problem
     * without a stack trace, logged once with its cause, while everybody else is served.
     */
    @Test
    @Order(100)
    void aMalformedPasswordHashIsAServerErrorForThatUserAloneNotAnOutage() throws Exception {
        String broken = StackSession.stack().users().fresh("broken-hash", PASSWORD);
        try (Connection admin = StackSession.stack().db().admin();
             PreparedStatement corrupt = admin.prepareStatement("UPDATE countries.users SET password_hash = 'not-a-pbkdf2-hash' WHERE username = ?")) {
            corrupt.setBytes(1, broken.getBytes(StandardCharsets.UTF_8));
            assertEquals(1, corrupt.executeUpdate());
        }
        Api api = new Api(base);
        String log;
        HttpResponse<String> failed;
        try (ServerLog capture = ServerLog.capture()) {
            failed = api.get("continents", broken, PASSWORD);
            assertEquals(200, api.get("continents", user, PASSWORD).statusCode(), "everybody else is served");
            log = capture.text();
        }
        assertEquals(500, failed.statusCode(), failed.body());
        assertEquals("application/problem+json", failed.headers().firstValue("Content-Type").orElseThrow());
        assertFalse(failed.body().contains("Exception") || failed.body().contains("\tat "), failed.body());
        assertEquals(1, log.lines().filter(line -> line.contains("The identity store failed")).count(), log);
        assertTrue(log.contains("\tat "), "with its stack trace: " + log);
        assertFalse(log.contains("users database failed"), "not logged as an outage: " + log);
    }

    /**
     * What browsers and caches send at the edges of CORS and conditional GET: each has one defined answer, a
     * problem when refused, and CORS fields only for an allowed origin.
     */
    @Test
    @Order(4)
    void corsAndConditionalEdgeCasesGetDefinedAnswers() throws Exception {
        RawHttp http = new RawHttp(base);
        String context = base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
        String credentials = "Authorization: " + Api.basic(user, PASSWORD);
        String preflight = "OPTIONS " + context + "continents HTTP/1.1\r\nAccess-Control-Request-Method: ";
        String get = "GET " + context + "continents HTTP/1.1\r\n" + credentials;
        record Edge(String kind, String head, int status, boolean problem, boolean corsFields) {
        }
        List<Edge> edges = List.of(
                new Edge("a disallowed origin", get + "\r\nOrigin: " + BrowserOrigins.disallowed(), 200, false, false),
                new Edge("Origin: null", get + "\r\nOrigin: null", 200, false, false),
                new Edge("a preflight from Origin: null", preflight + "GET\r\nOrigin: null", 403, true, false),
                new Edge("a preflight from a disallowed origin", preflight + "GET\r\nOrigin: " + BrowserOrigins.disallowed(), 403, true, false),
                new Edge("a preflight for a disallowed method", preflight + "PUT\r\nOrigin: " + BrowserOrigins.allowed(), 403, true, false),
                new Edge("a preflight for a disallowed header", preflight + "GET\r\nAccess-Control-Request-Headers: x-evil\r\nOrigin: "
                        + BrowserOrigins.allowed(), 403, true, false),
                new Edge("If-None-Match: *", get + "\r\nIf-None-Match: *", 304, false, false),
                new Edge("a malformed If-None-Match", get + "\r\nIf-None-Match: not-a-tag", 400, true, false),
                new Edge("an unterminated If-None-Match", get + "\r\nIf-None-Match: \"abc", 400, true, false),
                new Edge("an If-None-Match of an allowed origin", get + "\r\nIf-None-Match: W/\"x\", *\r\nOrigin: "
                        + BrowserOrigins.allowed(), 400, true, true));
        List<String> failures = new ArrayList<>();
        for (Edge edge : edges) {
            RawHttp.Answer answer = http.send(edge.head().getBytes(StandardCharsets.ISO_8859_1));
            ANSWERS.add(answer);
            String head = answer.text().substring(0, Math.max(0, answer.text().indexOf("\r\n\r\n"))).toLowerCase(java.util.Locale.ROOT);
            boolean problem = answer.contentType().startsWith("application/problem+json");
            boolean corsFields = head.contains("\r\naccess-control-allow-origin:");
            if (answer.status() != edge.status() || problem != edge.problem() || corsFields != edge.corsFields()) {
                failures.add(edge.kind() + ": expected " + edge.status() + (edge.problem() ? " problem" : "")
                        + (edge.corsFields() ? " with CORS fields" : "") + ", got " + abbreviate(answer.text()));
            }
        }
        assertEquals(List.of(), failures);
    }

    static void assertNoSecret(List<String> secrets, String where, String text) {
        for (String secret : secrets) {
            assertFalse(text.contains(secret), where + " contains the secret " + abbreviate(secret) + ": " + abbreviate(text));
        }
    }

    private String passwordHash() throws Exception {
        try (Connection db = StackSession.stack().db().admin();
             PreparedStatement query = db.prepareStatement("SELECT password_hash FROM countries.users WHERE username = ?")) {
            query.setBytes(1, user.getBytes(StandardCharsets.UTF_8));
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                String hash = row.getString(1);
                return hash.substring(hash.lastIndexOf(':') + 1);
            }
        }
    }

    // ---- the requests ----

    List<Hostile> generate(Random random) {
        String valid = Api.basic(user, PASSWORD);
        List<Hostile> requests = new ArrayList<>();
        List<Function<Random, Hostile>> kinds = List.of(
                r -> authorization("absent Authorization, forged X-Forwarded-For", null, "X-Forwarded-For: " + garbageAddress(r)),
                r -> authorization("duplicated Authorization", valid + "\r\nAuthorization: " + (r.nextBoolean() ? valid : wrong(r))),
                r -> authorization("duplicated Authorization", wrong(r) + "\r\nAuthorization: " + valid),
                r -> new Hostile("64 KB Authorization", head("GET", "continents", "Authorization: Basic "
                        + Base64.getEncoder().encodeToString(bytes(r, 48 * 1024 + r.nextInt(1024))))),
                r -> authorization("bad base64", "Basic " + text(r, "!#$%&*()<>?{}[]~^'., =+/-_abcXYZ019", 1 + r.nextInt(200))),
                r -> authorization("no colon", "Basic " + base64(text(r, "abcdefghijklmnopqrstuvwxyz-_@.", 1 + r.nextInt(40)))),
                r -> authorization("colon first", "Basic " + base64(":" + GUESS + r.nextInt())),
                r -> authorization("non-UTF-8 header bytes", "Basic " + latin1(r, 0x80, 0xff, 1 + r.nextInt(100))),
                r -> authorization("non-UTF-8 credentials", "Basic " + Base64.getEncoder().encodeToString(nonUtf8Credentials(r))),
                r -> authorization("control characters in the header", "Basic " + latin1(r, 0x01, 0x1f, 1 + r.nextInt(30)).replace("\r", "").replace("\n", "")
                        + base64(user + ":" + PASSWORD)),
                r -> authorization("control characters in the credentials", "Basic " + base64(
                        user + (char) (r.nextInt(31) + 1) + ":" + GUESS + (char) r.nextInt(32) + r.nextInt())),
                r -> authorization("wrong scheme", text(r, "BearerDigestNegotiateNTLM", 1 + r.nextInt(10)) + " " + base64(user + ":" + PASSWORD)),
                r -> withCredentials("huge path", "GET", "continents/" + text(r, "abcxyz0123456789-._~", 8 * 1024 + r.nextInt(120 * 1024))),
                r -> withCredentials("odd path", "GET", pick(r, "continents/%2e%2e/%2e%2e/WEB-INF/web.xml", "continents/%00",
                        "continents%00", "continents/99999999999999999999", "continents/-1",
                        "continents/1/..%2f..%2fadmin", "admin/ratelimit/" + user, "admin/ratelimit/%00", "WEB-INF/web.xml",
                        "META-INF/MANIFEST.MF", "continents/" + latin1(r, 0x80, 0xff, 1 + r.nextInt(20)),
                        "continents/0x" + latin1(r, 0x21, 0x7e, 1 + r.nextInt(20)).replaceAll("[?#%:]", ""))),
                r -> withCredentials("huge query string", "GET", "continents/0?q=" + text(r, "abc%=&+;019", 8 * 1024 + r.nextInt(120 * 1024))),
                r -> withCredentials("malformed query string", "GET", "continents/0?" + pick(r, "%zz=%", "a=%c0%af", "%00=%00",
                        "&&&&=&&", "a=" + latin1(r, 0x80, 0xff, 1 + r.nextInt(20)), "q=" + "%".repeat(1 + r.nextInt(100)))),
                r -> withCredentials("unsupported method", pick(r, "FOO", "PROPFIND", "PATCH", "PUT", "POST", "DELETE", "TRACE",
                        "get", "MKCOL", "COPY", "LOCK", "BREW", "X".repeat(1 + r.nextInt(2000))), "continents"),
                // Not the header this deployment's proxy writes (ratelimit.forwarded-header): ignored, so without credentials
                // it would be an anonymous caller's 200.
                r -> authorization("forged Forwarded", wrong(r), "Forwarded: " + pick(r,
                        "for=" + garbageAddress(r), "for=", "for=unknown", "for=_hidden", "for=\"[2001:db8::1\"",
                        "for=192.0.2.1, for=" + garbageAddress(r), "by=203.0.113.1;for", "for=\"" + latin1(r, 0x80, 0xff, 8) + "\"",
                        "for=" + "1.".repeat(5000))),
                r -> authorization("forged X-Forwarded-For", r.nextBoolean() ? null : wrong(r), "X-Forwarded-For: " + pick(r,
                        garbageAddress(r), "", ",,,", "192.0.2.1, " + garbageAddress(r), "1.2.3.4:80:80", "[::1",
                        "192.0.2.1,".repeat(2000) + "x", latin1(r, 0x80, 0xff, 10))));
        while (requests.size() < 560) {
            requests.add(kinds.get(random.nextInt(kinds.size())).apply(random));
        }
        return requests;
    }

    private static Hostile authorization(String kind, String authorization, String... headers) {
        List<String> lines = new ArrayList<>(List.of(headers));
        if (authorization != null) {
            AUTHORIZATIONS.add(authorization);
            lines.add("Authorization: " + authorization);
        }
        return new Hostile(kind, head("GET", "continents", lines.toArray(String[]::new)));
    }

    private Hostile withCredentials(String kind, String method, String path) {
        return new Hostile(kind, head(method, path, "Authorization: " + Api.basic(user, PASSWORD)));
    }

    private static byte[] head(String method, String path, String... headers) {
        StringBuilder head = new StringBuilder(method).append(" {context}").append(path).append(" HTTP/1.1");
        for (String header : headers) {
            head.append("\r\n").append(header);
        }
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private String wrong(Random r) {
        return Api.basic(r.nextBoolean() ? user : "nobody-" + r.nextInt(1000), GUESS + r.nextInt());
    }

    private byte[] nonUtf8Credentials(Random r) {
        ByteArrayOutputStream credentials = new ByteArrayOutputStream();
        credentials.writeBytes(r.nextBoolean() ? user.getBytes(StandardCharsets.UTF_8) : bytes(r, 1 + r.nextInt(10)));
        credentials.write(0xc3);
        credentials.write(0x28);
        credentials.write(':');
        credentials.writeBytes((GUESS + r.nextInt()).getBytes(StandardCharsets.UTF_8));
        credentials.write(0xff);
        return credentials.toByteArray();
    }

    private static String garbageAddress(Random r) {
        return pick(r, "not-an-address", "999.1.1.1", "1.2.3", "::g", "localhost", "10.0.0.1/8", "\"\"", "[]", "_x",
                text(r, "0123456789.:abcdefxyz[]\"", 1 + r.nextInt(60)) + "!");
    }

    private static String pick(Random r, String... values) {
        return values[r.nextInt(values.length)];
    }

    private static String text(Random r, String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static String latin1(Random r, int from, int to, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (from + r.nextInt(to - from + 1)));
        }
        return text.toString();
    }

    private static byte[] bytes(Random r, int length) {
        byte[] bytes = new byte[length];
        r.nextBytes(bytes);
        return bytes;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace("\r\n", " | ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "... (" + oneLine.length() + " chars)";
    }

    // ---- Redis ----

    /** Every key with its value, as text. */
    static Map<String, String> snapshot() {
        UnifiedJedis redis = StackSession.stack().redis();
        Map<String, String> values = new HashMap<>();
        for (String key : scan(redis)) {
            values.put(key, value(redis, key));
        }
        return values;
    }

    static List<String> scan(UnifiedJedis redis) {
        ScanParams all = new ScanParams().count(1000);
        List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, all);
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }

    static String value(UnifiedJedis redis, String key) {
        return switch (redis.type(key)) {
            case "string" -> redis.get(key);
            case "hash" -> new TreeMap<>(redis.hgetAll(key)).toString();
            case "none" -> "(gone)";
            default -> redis.type(key);
        };
    }
}
