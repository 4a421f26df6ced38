package com.continentsapi.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.Load;
import com.continentsapi.ratelimit.entity.Algorithm;
import com.continentsapi.stack.EmbeddedRedisCluster;
import com.continentsapi.stack.PayaraMicro;
import com.continentsapi.stack.RedisTopology;
import com.continentsapi.stack.Stack;
import com.continentsapi.stack.StackSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;

/**
 * Two instances of the API sharing one Redis Cluster, then one Redis: one user's concurrent requests spread
 * over them get exactly {@code limit} 200s, for every algorithm, and on the Cluster a user's counters live on one
 * master. One set of instances serves every algorithm: four policies, four plans selecting one each, a user per
 * plan. Two instances show what any number would (every decision is one script in Redis) at a third less boot time.
 * The standalone Redis comes last, so that the tests after the parameterised one, which stop or kill it, find the
 * instances that use it already running. The instances fail local, each enforcing half of every limit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiInstanceIT {

    static final int INSTANCES = 2;
    static final int LIMIT = 50;
    /** A day: no token bucket or GCRA refill (one unit per 1,728 s) and no new fixed window while a test runs. */
    static final int WINDOW = 86_400;
    /** Per subject. Only each instance's first request of a user pays PBKDF2; the others are remembered credentials. */
    static final int REQUESTS = Integer.getInteger("it.multi-instance.requests", 1_000);
    static final int CONCURRENCY = 48;
    static final String PASSWORD = "multi-instance password";

    private static RedisTopology runningOn;
    private static List<PayaraMicro> instances = List.of();
    private static Exception failedToStart;
    private static String administrator;
    /** A user whose policy allows LIMIT, overridden to 2 through the admin API. */
    private static String overridden;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** The standalone Redis last: the tests after these stop it, and run on the instances of the last subject. */
    static Stream<Arguments> subjects() {
        return Stream.of(RedisTopology.CLUSTER, RedisTopology.STANDALONE)
                .flatMap(topology -> Stream.of(Algorithm.values()).map(algorithm -> Arguments.of(topology, algorithm)));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("subjects")
    @Order(1)
    void exactlyTheLimitPassesWhateverInstanceServes(RedisTopology topology, Algorithm algorithm) throws Exception {
        List<PayaraMicro> apps = instancesOn(topology);
        String user = userOf(algorithm);
        int requests = REQUESTS;

        long start = System.nanoTime();
        Map<Integer, Long> statuses = concurrently(apps, user, requests);
        System.out.printf("%s on %s: %d requests over %d instances in %d ms: %s%n", algorithm.id(), topology, requests, INSTANCES,
                Duration.ofNanos(System.nanoTime() - start).toMillis(), statuses);

        assertEquals(Map.of(200, (long) LIMIT, 429, (long) requests - LIMIT), statuses,
                requests + " requests of one user over " + INSTANCES + " instances");
        if (topology == RedisTopology.CLUSTER) {
            assertCountersOnOneMasterOnly(user);
        }
    }

    /** One hash tag, one slot, one master; and nothing in the standalone Redis of REDIS_URL. */
    static void assertCountersOnOneMasterOnly(String user) throws Exception {
        String counters = "rl:{" + user + "}*";
        EmbeddedRedisCluster cluster = StackSession.stack().redisCluster();
        int mastersWithTheUsersCounters = 0;
        for (int port : cluster.ports()) {
            try (Jedis master = cluster.admin(port)) {
                mastersWithTheUsersCounters += master.keys(counters).isEmpty() ? 0 : 1;
            }
        }
        assertEquals(1, mastersWithTheUsersCounters);
        assertTrue(StackSession.stack().redis().keys(counters).isEmpty());
    }

    /** An override set through one instance limits the user on the other within a second. */
    @Test
    @Order(2)
    void anOverrideSetThroughOneInstanceLimitsTheUserOnTheOtherWithinASecond() throws Exception {
        List<PayaraMicro> apps = standaloneInstances();
        overridden = userOf(Algorithm.FIXED_WINDOW);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get(apps.get(1).url(), overridden).statusCode());
        }

        assertEquals(200, override(apps.getFirst(), overridden, "{\"limit\": 2}").statusCode());
        HttpResponse<String> denied = within(Duration.ofSeconds(1), () -> get(apps.get(1).url(), overridden), 429);
        assertEquals("\"fixedwindow\";q=2;w=" + WINDOW, denied.headers().firstValue("RateLimit-Policy").orElseThrow());
        String state = admin(apps.get(1), "GET", overridden, null).body();
        assertTrue(state.contains("\"override\":{\"limit\":2,\"policy\":\"fixedwindow\"}"), state);
    }

    /** A temporary raise (here a cut, to see it end soon) ends by itself, on every instance. */
    @Test
    @Order(3)
    void anOverrideWithATtlEndsByItself() throws Exception {
        List<PayaraMicro> apps = standaloneInstances();
        String user = userOf(Algorithm.FIXED_WINDOW);
        assertEquals(200, override(apps.getFirst(), user, "{\"limit\": 1, \"ttl\": 2}").statusCode());
        assertEquals(200, get(apps.getFirst().url(), user).statusCode());
        within(Duration.ofSeconds(1), () -> get(apps.get(1).url(), user), 429);

        within(Duration.ofSeconds(4), () -> get(apps.get(1).url(), user), 200);
        assertEquals(200, get(apps.getFirst().url(), user).statusCode());
    }

    /** B denies from its own denial cache, which only a message from A can clear before the window ends. */
    @Test
    @Order(4)
    void aResetThroughOneInstanceLetsTheUserThroughOnTheOtherWithinASecond() throws Exception {
        List<PayaraMicro> apps = standaloneInstances();
        String user = userOf(Algorithm.FIXED_WINDOW);
        for (int i = 0; i < LIMIT; i++) {
            assertEquals(200, get(apps.get(1).url(), user).statusCode());
        }
        assertEquals(429, get(apps.get(1).url(), user).statusCode());
        StackSession.stack().redis().del("rl:{" + user + "}:fixedwindow");
        assertEquals(429, get(apps.get(1).url(), user).statusCode(), "B denies from its cache, not from Redis");

        assertEquals(204, admin(apps.getFirst(), "DELETE", user, null).statusCode());
        within(Duration.ofSeconds(1), () -> get(apps.get(1).url(), user), 200);
    }

    /** The database is the overrides' record: Redis losing everything loses no override. */
    @Test
    @Order(5)
    void anOverrideOutlivesAFlushAndARestartOfRedis() throws Exception {
        List<PayaraMicro> apps = standaloneInstances();
        StackSession.stack().redis().flushAll();
        StackSession.stack().stopRedis();
        StackSession.stack().startRedis();
        for (PayaraMicro app : apps) {
            awaitDecided(app);
        }

        assertEquals(200, get(apps.getFirst().url(), overridden).statusCode());
        assertEquals(200, get(apps.get(1).url(), overridden).statusCode());
        assertEquals(429, get(apps.get(1).url(), overridden).statusCode(), "the override's limit of 2, not the policy's " + LIMIT);
    }

    @Test
    @Order(6)
    void aQuotaAndAnOverrideOutliveARestartOfBothInstances() throws Exception {
        List<PayaraMicro> apps = standaloneInstances();
        String user = userOf(Algorithm.FIXED_WINDOW);
        PayaraMicro instance = apps.getFirst();
        for (int i = 0; i < LIMIT; i++) {
            assertEquals(200, get(instance.url(), user).statusCode());
        }
        assertEquals(429, get(instance.url(), user).statusCode());

        restartAll(apps);

        for (PayaraMicro app : apps) {
            assertEquals(429, get(app.url(), user).statusCode(), "the count lives in Redis, not in the instance");
            assertEquals(429, get(app.url(), overridden).statusCode(), "the override (2 of " + LIMIT + ") is read from the database");
        }
    }

    /**
     * Redis killed under load: each instance enforces its share of the limit (50 per day shared by 2: 25) on its
     * own, with 429s and RateLimit fields, no 5xx. Redis comes back empty; one breaker cool-down plus one Redis
     * timeout later (2 s + 1 s, the defaults) each instance's next request finds it, and from then on the two
     * instances decide in Redis again: exactly the limit passes, with no local count or denial left over.
     */
    @Test
    @Order(3)
    void redisKilledUnderLoadEachInstanceEnforcesItsShareThenRedisDecidesAgain() throws Exception {
        List<PayaraMicro> apps = instancesOn(RedisTopology.STANDALONE);
        String user = userOf(Algorithm.FIXED_WINDOW);
        String authorization = Api.basic(user, PASSWORD);
        Stack stack = StackSession.stack();
        List<Load> loads = new ArrayList<>();
        List<List<Load.Answer>> answers = new ArrayList<>();
        for (PayaraMicro app : apps) {
            // Each instance verifies the password now, so that neither lags while the other spends the user's quota in
            // Redis: a denial by Redis would stay in that instance's denial cache after Redis is back.
            assertEquals(200, get(app.url(), user).statusCode());
        }
        long killed = 0;
        try {
            for (PayaraMicro app : apps) {
                loads.add(Load.start(new Api(app.url().toURL()), "continents", authorization, 2));
            }
            for (Load load : loads) {
                load.awaitMore(2);
            }
            killed = System.nanoTime();
            stack.killRedis();
            long kill = killed;
            for (Load load : loads) {
                load.awaitAnswer(1, answer -> answer.sentAfter(kill) && answer.status() == 429);
                load.awaitAnswer(10, answer -> answer.sentAfter(kill));
            }
            for (Load load : loads) {
                answers.add(load.stop());
            }
        } finally {
            for (Load load : loads) {
                load.close();
            }
            stack.startRedis();
        }
        long restarted = System.nanoTime();

        long kill = killed;
        assertTrue(answers.stream().flatMap(List::stream).noneMatch(answer -> !answer.sentAfter(kill) && answer.status() == 429),
                "the user was not denied before Redis was killed (the test's precondition)");
        long share = Math.ceilDiv(LIMIT, INSTANCES);
        long allowedInAll = 0;
        for (List<Load.Answer> instance : answers) {
            assertTrue(instance.stream().allMatch(answer -> (answer.status() == 200 || answer.status() == 429)
                            && answer.response().headers().firstValue("RateLimit").isPresent()),
                    "only 200 and 429, each with its RateLimit field: " + count(instance));
            long allowed = instance.stream().filter(answer -> answer.sentAfter(kill) && answer.status() == 200).count();
            System.out.printf("Redis killed: one instance allowed %d of %d requests (share %d): %s%n", allowed,
                    instance.stream().filter(answer -> answer.sentAfter(kill)).count(), share, count(instance));
            assertTrue(allowed <= share, allowed + " allowed by one instance without Redis, its share is " + share);
            allowedInAll += allowed;
        }
        assertTrue(allowedInAll <= INSTANCES * share, allowedInAll + " allowed without Redis");

        Thread.sleep(Math.max(0, Duration.ofNanos(restarted - System.nanoTime()).plusSeconds(3).toMillis()));
        Map<Integer, Long> statuses = new TreeMap<>();
        for (PayaraMicro app : apps) {
            statuses.merge(get(app.url(), user).statusCode(), 1L, Long::sum); // alone: the trial call, with nothing beside it
        }
        concurrently(apps, user, 2 * LIMIT).forEach((status, count) -> statuses.merge(status, count, Long::sum));
        assertEquals(Map.of(200, (long) LIMIT, 429, (long) LIMIT + INSTANCES), statuses, "after Redis returned, empty");
    }

    private static Map<String, Long> count(List<Load.Answer> answers) {
        return answers.stream().collect(Collectors.groupingBy(Load.Answer::toString, TreeMap::new, Collectors.counting()));
    }

    @AfterAll
    static void stopInstances() {
        instances.forEach(PayaraMicro::close);
        instances = List.of();
        runningOn = null;
    }

    private static List<PayaraMicro> standaloneInstances() throws Exception {
        return instancesOn(RedisTopology.STANDALONE);
    }

    /** Side by side: both boots at once cost less than one after the other. */
    private static void restartAll(List<PayaraMicro> apps) throws Exception {
        ExecutorService restarts = Executors.newFixedThreadPool(apps.size());
        try {
            List<Future<?>> restarted = new ArrayList<>();
            for (PayaraMicro app : apps) {
                restarted.add(restarts.submit(() -> {
                    app.restart();
                    return null;
                }));
            }
            for (Future<?> done : restarted) {
                done.get();
            }
        } finally {
            restarts.shutdownNow();
        }
    }

    /** Polls until the answer has this status, failing if that takes longer than {@code limit}. */
    private static HttpResponse<String> within(Duration limit, Callable<HttpResponse<String>> request, int status) throws Exception {
        long start = System.nanoTime();
        while (true) {
            HttpResponse<String> response = request.call();
            if (response.statusCode() == status) {
                return response;
            }
            assertTrue(System.nanoTime() - start < limit.toNanos(), "no " + status + " within " + limit + ": " + response.statusCode());
            Thread.sleep(20);
        }
    }

    /** A probe user's request is decided by Redis again (after Redis came back, the breaker may be open for a while). */
    private void awaitDecided(PayaraMicro app) throws Exception {
        String probe = StackSession.stack().users().fresh("multi-probe", PASSWORD);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> response;
        do {
            Thread.sleep(100);
            response = get(app.url(), probe);
        } while ((response.statusCode() != 200 || response.headers().firstValue("RateLimit").isEmpty()) && System.nanoTime() < deadline);
        assertTrue(response.headers().firstValue("RateLimit").isPresent(), "not decided again within 60 s: " + response.statusCode());
    }

    private HttpResponse<String> override(PayaraMicro app, String user, String body) throws Exception {
        return admin(app, "PUT", user + "/overrides/fixedwindow", body);
    }

    /** A request of an administrator to admin/ratelimit/{path}. */
    private HttpResponse<String> admin(PayaraMicro app, String method, String path, String body) throws Exception {
        if (administrator == null) {
            administrator = StackSession.stack().users().fresh("multi-admin", PASSWORD);
            StackSession.stack().users().set(administrator, "admin", null);
        }
        HttpRequest request = HttpRequest.newBuilder(app.url().resolve("admin/ratelimit/" + path))
                .header("Authorization", Api.basic(administrator, PASSWORD))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofMinutes(1))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The requests, CONCURRENCY at a time, round-robin over the instances; their status codes counted. */
    private Map<Integer, Long> concurrently(List<PayaraMicro> apps, String user, int requests) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                URI base = apps.get(i % apps.size()).url();
                answers.add(clients.submit(() -> get(base, user).statusCode()));
            }
            Map<Integer, Long> statuses = new TreeMap<>();
            for (Future<Integer> answer : answers) {
                statuses.merge(answer.get(), 1L, Long::sum);
            }
            return statuses;
        } finally {
            clients.shutdownNow();
        }
    }

    private HttpResponse<String> get(URI base, String user) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("continents"))
                .header("Authorization", Api.basic(user, PASSWORD))
                .timeout(Duration.ofMinutes(5))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A new user whose plan selects this algorithm's policy alone. */
    private static String userOf(Algorithm algorithm) throws Exception {
        String user = StackSession.stack().users().fresh("multi-" + algorithm.id(), PASSWORD);
        StackSession.stack().users().set(user, "user", nameOf(algorithm));
        return user;
    }

    /** The instances on this Redis topology, started on first use; those of another topology are stopped first. */
    private static List<PayaraMicro> instancesOn(RedisTopology topology) throws Exception {
        if (topology != runningOn) {
            stopInstances();
            if (failedToStart != null) {
                throw new IllegalStateException("The instances did not start (see the first failure)", failedToStart);
            }
            Map<String, String> env = new HashMap<>(topology.env());
            env.putAll(policiesAndPlans());
            env.put("RATELIMIT_FAIL_MODE", "local");
            env.put("RATELIMIT_LOCAL_INSTANCES", Integer.toString(INSTANCES));
            long start = System.nanoTime();
            try {
                instances = PayaraMicro.start("multi-" + topology.name().toLowerCase(Locale.ROOT), INSTANCES, env);
            } catch (Exception e) {
                failedToStart = e; // one failed boot is enough: the other subjects do not boot again
                throw e;
            }
            runningOn = topology;
            System.out.printf("%d instances on %s up in %d ms%n", INSTANCES, topology, Duration.ofNanos(System.nanoTime() - start).toMillis());
        }
        return instances;
    }

    /** Per algorithm a policy of LIMIT per WINDOW and a plan of that policy alone, both named after it. */
    private static Map<String, String> policiesAndPlans() {
        String names = Stream.of(Algorithm.values()).map(MultiInstanceIT::nameOf).collect(Collectors.joining(","));
        Map<String, String> env = new HashMap<>(Map.of("RATELIMIT_POLICIES", names, "RATELIMIT_PLANS", names));
        for (Algorithm algorithm : Algorithm.values()) {
            String name = nameOf(algorithm).toUpperCase(Locale.ROOT);
            env.put("RATELIMIT_POLICY_" + name + "_ALGORITHM", algorithm.id());
            env.put("RATELIMIT_POLICY_" + name + "_LIMIT", Integer.toString(LIMIT));
            env.put("RATELIMIT_POLICY_" + name + "_WINDOW", Integer.toString(WINDOW));
            env.put("RATELIMIT_PLAN_" + name + "_POLICIES", nameOf(algorithm));
        }
        return env;
    }

    private static String nameOf(Algorithm algorithm) {
        return algorithm.id().replace("-", "");
    }
}
