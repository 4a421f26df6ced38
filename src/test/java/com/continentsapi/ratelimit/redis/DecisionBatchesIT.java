package com.continentsapi.ratelimit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.ratelimit.entity.Algorithm;
import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.stack.EmbeddedRedis;
import com.continentsapi.stack.EmbeddedRedisCluster;
import com.continentsapi.stack.FaultProxy;
import com.continentsapi.stack.RedisTopology;
import com.continentsapi.stack.StackSession;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.embedded.RedisServer;

/**
 * Decisions of concurrent requests share round trips to a real Redis, and stay exact; a lone caller's decisions
 * go out alone. To make a batch without timing luck, a test can hold the one lane after its first round trip
 * (the {@link RoundTrips} record waits there) until the other callers queue behind it.
 */
@Timeout(60)
class DecisionBatchesIT {

    static final DecisionScript SCRIPT = new DecisionScript();
    static final int CALLERS = 16;

    private final ExecutorService threads = Executors.newFixedThreadPool(CALLERS);
    private RedisServer server;
    private RedisClient own;

    @BeforeEach
    void start() throws Exception {
        int port = ConfiguredRedisClient.closedPort();
        server = EmbeddedRedis.server().port(port).bind("127.0.0.1").setting("save \"\"").setting("appendonly no").build();
        server.start();
        own = RedisClient.create(URI.create("redis://127.0.0.1:" + port));
    }

    @AfterEach
    void stop() throws Exception {
        threads.shutdownNow();
        own.close();
        if (server.isActive()) {
            server.stop();
        }
    }

    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void concurrentDecisionsShareRoundTripsAndEachUserGetsExactlyItsLimit(RedisTopology topology) throws Exception {
        RoundTrips trips = new RoundTrips();
        DecisionBatches batches = new DecisionBatches(SCRIPT, topology::sharedClient, 64, 1, trips);
        Policy policy = new Policy("b", Algorithm.SLIDING_WINDOW, 100, 3600, 100);
        List<String> users = List.of(user(), user(), user(), user());
        int perThread = 40;

        List<Future<Integer>> allowed = new ArrayList<>();
        for (int t = 0; t < CALLERS; t++) {
            int thread = t;
            allowed.add(threads.submit(() -> {
                int yes = 0;
                for (int i = 0; i < perThread; i++) {
                    String key = "rl:{" + users.get((thread + i) % users.size()) + "}:b";
                    yes += batches.decide(List.of(key), List.of(policy), 1).getFirst().limited() ? 0 : 1;
                }
                return yes;
            }));
        }
        int total = 0;
        for (Future<Integer> count : allowed) {
            total += count.get();
        }

        assertEquals(users.size() * 100, total, "4 users of limit 100, " + CALLERS * perThread / users.size() + " requests each");
        assertEquals(CALLERS * perThread, trips.decisions.get(), "every decision is answered in exactly one round trip");
        assertTrue(trips.answered.get() < trips.decisions.get(), trips + ": decisions of concurrent callers shared round trips");
        assertEquals(0, trips.failed.get());
    }

    @Test
    void aLoneCallersDecisionsGoOutAloneOneEvalshaEach() {
        RoundTrips trips = new RoundTrips();
        DecisionBatches batches = new DecisionBatches(SCRIPT, () -> own, 64, 1, trips);
        String key = "rl:{" + user() + "}:f";
        decide(batches, key); // loads the script
        long before = evalshas();

        for (int i = 0; i < 20; i++) {
            decide(batches, key);
        }

        assertEquals(20, evalshas() - before);
        assertEquals(21, trips.answered.get());
        assertEquals(Collections.nCopies(21, 1), trips.sizes, "no decision waited for company");
    }

    /** The first caller's round trip holds the lane until the others wait; they then go out as one pipeline. */
    @Test
    void callersThatArriveWhileTheLaneIsBusyGoOutTogetherAsOnePipelineOfOneEvalshaEach() throws Exception {
        RoundTrips trips = new RoundTrips();
        DecisionBatches batches = oneLaneHeldAfterWarmUp(trips);
        long before = evalshas();

        List<Future<Decision>> answers = queueBehindTheHeldLane(batches, trips);
        trips.release.countDown();

        for (Future<Decision> answer : answers) {
            assertTrue(answer.get(10, TimeUnit.SECONDS).remaining() >= 0);
        }
        assertEquals(List.of(1, 1, CALLERS - 1), trips.sizes, "warm-up, the holder, then one pipeline of everybody who waited");
        assertEquals(CALLERS, evalshas() - before, "still one EVALSHA per decision");
    }

    @Test
    void aScriptRedisForgotIsLoadedOnceForTheWholeBatch() throws Exception {
        RoundTrips trips = new RoundTrips();
        DecisionBatches batches = oneLaneHeldAfterWarmUp(trips);
        List<Future<Decision>> answers = queueBehindTheHeldLane(batches, trips);
        own.scriptFlush();
        long loadsBefore = calls("script|load");

        trips.release.countDown();

        for (Future<Decision> answer : answers) {
            assertFalse(answer.get(10, TimeUnit.SECONDS).limited());
        }
        assertEquals(1, calls("script|load") - loadsBefore, "one SCRIPT LOAD for " + (CALLERS - 1) + " decisions that found no script");
        assertEquals(0, trips.failed.get());
    }

    @Test
    void aRoundTripThatFailsFailsEveryDecisionOfItsBatchAndCountsAsOneFailure() throws Exception {
        RoundTrips trips = new RoundTrips();
        DecisionBatches batches = oneLaneHeldAfterWarmUp(trips);
        List<Future<Decision>> answers = queueBehindTheHeldLane(batches, trips);
        server.stop();

        trips.release.countDown();

        assertFalse(answers.getFirst().get(10, TimeUnit.SECONDS).limited(), "the holder's round trip was done before Redis went");
        for (Future<Decision> answer : answers.subList(1, answers.size())) {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> answer.get(10, TimeUnit.SECONDS));
            assertInstanceOf(JedisConnectionException.class, failed.getCause());
        }
        assertEquals(1, trips.failed.get(), "one failed round trip, whatever number of decisions it carried");
    }

    /**
     * A round trip that found its node silent (it timed out or the connection failed) answers the decisions queued
     * behind it with the fail mode at once: they would meet the same silence, and wait up to another timeout for it.
     */
    @Test
    void decisionsQueuedBehindARoundTripThatFoundRedisSilentGoToTheFailModeAtOnce() throws Exception {
        RoundTrips trips = new RoundTrips();
        DecisionBatches batches = new DecisionBatches(SCRIPT, () -> own, 64, 1, trips.holdingTheFirstFailure());
        decide(batches, "rl:{warm}:f");
        server.stop();
        List<Future<Decision>> answers = new ArrayList<>();
        answers.add(threads.submit(() -> decide(batches, "rl:{" + user() + "}:f")));
        assertTrue(trips.holding.await(10, TimeUnit.SECONDS), "the first caller's failed round trip holds the lane");
        for (int i = 1; i < CALLERS; i++) {
            answers.add(threads.submit(() -> decide(batches, "rl:{" + user() + "}:f")));
        }
        while (batches.waiting() < CALLERS - 1) {
            Thread.sleep(5);
        }

        trips.release.countDown();

        for (Future<Decision> answer : answers) {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> answer.get(10, TimeUnit.SECONDS));
            assertInstanceOf(JedisException.class, failed.getCause());
        }
        assertEquals(1, trips.failed.get(), "one round trip failed; the decisions behind it were not sent");
    }

    /** Waiting is bounded: a decision handed a lane after its deadline is not sent, it goes to the fail mode. */
    @Test
    void decisionsThatWaitedPastTheirDeadlineGoToTheFailModeWithoutARoundTrip() throws Exception {
        RoundTrips trips = new RoundTrips();
        AtomicLong clock = new AtomicLong();
        DecisionBatches batches = new DecisionBatches(SCRIPT, () -> own, 64, 1, Duration.ofMillis(300), clock::get, trips.holdingTheFirst());
        decide(batches, "rl:{warm}:f");
        List<Future<Decision>> answers = queueBehindTheHeldLane(batches, trips);
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(301));

        trips.release.countDown();

        assertFalse(answers.getFirst().get(10, TimeUnit.SECONDS).limited(), "the holder's own round trip");
        for (Future<Decision> answer : answers.subList(1, answers.size())) {
            ExecutionException late = assertThrows(ExecutionException.class, () -> answer.get(10, TimeUnit.SECONDS));
            assertInstanceOf(JedisException.class, late.getCause());
        }
        assertEquals(List.of(1, 1), trips.sizes, "no round trip for decisions past their deadline");
        assertEquals(0, trips.failed.get(), "a deadline missed in the queue is no Redis failure of its own");
        assertEquals(1, trips.abandoned.get(), "but it ends a breaker's trial, should one of them have been it");
    }

    @Test
    void decisionsWaitingWhenTheBreakerOpensGoToTheFailModeWithoutARoundTrip() throws Exception {
        RoundTrips trips = new RoundTrips();
        DecisionBatches batches = oneLaneHeldAfterWarmUp(trips);
        List<Future<Decision>> answers = queueBehindTheHeldLane(batches, trips);
        trips.skipping = true;

        trips.release.countDown();

        for (Future<Decision> answer : answers.subList(1, answers.size())) {
            ExecutionException skipped = assertThrows(ExecutionException.class, () -> answer.get(10, TimeUnit.SECONDS));
            assertInstanceOf(JedisException.class, skipped.getCause());
        }
        assertEquals(List.of(1, 1), trips.sizes, "no round trip once the breaker skips Redis");
    }

    /**
     * One Cluster node frozen while a batch spans all three: the decisions of the silent node fail, the others are
     * answered, and the silent node's failure is reported, once.
     */
    @Test
    void aBatchThatHeardFromSomeNodesOnlyFailsTheSilentNodesDecisionsAndReportsThatFailure() throws Exception {
        EmbeddedRedisCluster cluster = StackSession.stack().redisCluster();
        Map<String, String> env = new HashMap<>(cluster.env());
        env.put("REDIS_TIMEOUT_MS", "300");
        String run = UUID.randomUUID().toString();
        try (UnifiedJedis client = ConfiguredRedisClient.from(env)) {
            RoundTrips trips = new RoundTrips();
            DecisionBatches batches = new DecisionBatches(SCRIPT, () -> client, 64, 1, trips.holdingTheFirst());
            FaultProxy silent = cluster.proxyOf("rl:{silent-0-" + run + "}:f");
            List<String> keys = new ArrayList<>();
            for (int i = 0; keys.size() < CALLERS - 1; i++) {
                keys.add("rl:{silent-" + i + "-" + run + "}:f");
            }
            String holder = keys.stream().filter(key -> cluster.proxyOf(key) != silent).findFirst().orElseThrow();
            keys.forEach(key -> SCRIPT.script().load(client, key)); // on every node, before any fault
            decide(batches, holder); // the holder's next round trip is the second, which holds the lane
            List<Future<Decision>> answers = new ArrayList<>();
            Future<Decision> held = threads.submit(() -> decide(batches, holder));
            assertTrue(trips.holding.await(10, TimeUnit.SECONDS));
            for (String key : keys) {
                answers.add(threads.submit(() -> decide(batches, key)));
            }
            while (batches.waiting() < keys.size()) {
                Thread.sleep(5);
            }
            silent.freeze();

            trips.release.countDown();

            assertFalse(held.get(10, TimeUnit.SECONDS).limited());
            int failedHere = 0;
            for (int i = 0; i < keys.size(); i++) {
                if (cluster.proxyOf(keys.get(i)) == silent) {
                    int index = i;
                    ExecutionException failed = assertThrows(ExecutionException.class, () -> answers.get(index).get(10, TimeUnit.SECONDS));
                    assertInstanceOf(JedisException.class, failed.getCause());
                    failedHere++;
                } else {
                    assertTrue(answers.get(i).get(10, TimeUnit.SECONDS).remaining() >= 0, keys.get(i) + " is answered by its node");
                }
            }
            assertTrue(failedHere > 0 && failedHere < keys.size(), failedHere + " of " + keys.size() + " on the silent node");
            assertEquals(1, trips.failed.get(), "the silent node's failure is reported, once");
        } finally {
            cluster.heal();
        }
    }

    /**
     * A caller interrupted while it waits is still handed the lane when its turn comes: it sends its batch with the
     * interrupt cleared (Jedis would fail the round trip at once), and gets the flag back afterwards.
     */
    @ParameterizedTest
    @EnumSource(RedisTopology.class)
    void aWaiterInterruptedBeforeItsTurnStillSendsItsBatchAndKeepsItsInterrupt(RedisTopology topology) throws Exception {
        RoundTrips trips = new RoundTrips();
        DecisionBatches batches = new DecisionBatches(SCRIPT, topology::sharedClient, 64, 1, trips.holdingTheFirst());
        decide(batches, "rl:{warm}:f");
        Future<Decision> held = threads.submit(() -> decide(batches, "rl:{" + user() + "}:f"));
        assertTrue(trips.holding.await(10, TimeUnit.SECONDS));
        AtomicReference<Object> answer = new AtomicReference<>();
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            try {
                answer.set(decide(batches, "rl:{" + user() + "}:f"));
            } catch (RuntimeException e) {
                answer.set(e);
            }
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        waiter.start();
        while (batches.waiting() < 1) {
            Thread.sleep(5);
        }
        List<Future<Decision>> behind = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            behind.add(threads.submit(() -> decide(batches, "rl:{" + user() + "}:f")));
        }
        while (batches.waiting() < 4) {
            Thread.sleep(5);
        }
        waiter.interrupt();

        trips.release.countDown();
        waiter.join(10_000);

        assertFalse(held.get(10, TimeUnit.SECONDS).limited());
        assertInstanceOf(Decision.class, answer.get(), "the interrupted waiter's batch went out: " + answer.get());
        assertTrue(interruptedAfter.get(), "and its thread is still interrupted");
        for (Future<Decision> other : behind) {
            assertFalse(other.get(10, TimeUnit.SECONDS).limited());
        }
        assertEquals(0, trips.failed.get());
    }

    /** One lane; the script is loaded by a first decision, and the next round trip will hold the lane. */
    private DecisionBatches oneLaneHeldAfterWarmUp(RoundTrips trips) {
        DecisionBatches batches = new DecisionBatches(SCRIPT, () -> own, 64, 1, trips.holdingTheFirst());
        decide(batches, "rl:{warm}:f");
        return batches;
    }

    /** Starts the callers once the lane is held by a first one; returns when all but that one wait behind it. */
    private List<Future<Decision>> queueBehindTheHeldLane(DecisionBatches batches, RoundTrips trips) throws Exception {
        List<Future<Decision>> answers = new ArrayList<>();
        answers.add(threads.submit(() -> decide(batches, "rl:{" + user() + "}:f")));
        assertTrue(trips.holding.await(10, TimeUnit.SECONDS), "the first caller's round trip holds the lane");
        for (int i = 1; i < CALLERS; i++) {
            answers.add(threads.submit(() -> decide(batches, "rl:{" + user() + "}:f")));
        }
        while (batches.waiting() < CALLERS - 1) {
            Thread.sleep(5);
        }
        return answers;
    }

    private static Decision decide(DecisionBatches batches, String key) {
        return batches.decide(List.of(key), List.of(new Policy("f", Algorithm.FIXED_WINDOW, 1000, 3600, 1000)), 1).getFirst();
    }

    private long evalshas() {
        return calls("evalsha");
    }

    /** Redis 7 counts a subcommand on its own: script|load. */
    private long calls(String command) {
        String stats = own.info("commandstats");
        String prefix = "cmdstat_" + command + ":calls=";
        return stats.lines().filter(line -> line.startsWith(prefix))
                .mapToLong(line -> Long.parseLong(line.substring(prefix.length(), line.indexOf(',')))).sum();
    }

    private static String user() {
        return "batch-" + UUID.randomUUID();
    }

    /** What the limiter's breaker and metrics are told, per round trip; optionally holding the lane in the second. */
    static final class RoundTrips implements DecisionBatches.RoundTrips {
        final AtomicInteger answered = new AtomicInteger();
        final AtomicInteger decisions = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger abandoned = new AtomicInteger();
        final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean skipping;
        private boolean holds;
        private boolean holdsFailure;

        RoundTrips holdingTheFirst() {
            holds = true;
            return this;
        }

        RoundTrips holdingTheFirstFailure() {
            holdsFailure = true;
            return this;
        }

        @Override
        public void answered(int decisions, long nanos) {
            int trip = answered.incrementAndGet();
            this.decisions.addAndGet(decisions);
            sizes.add(decisions);
            if (holds && trip == 2) {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void failed(JedisException cause) {
            if (failed.incrementAndGet() == 1 && holdsFailure) {
                hold();
            }
        }

        private void hold() {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void abandoned() {
            abandoned.incrementAndGet();
        }

        @Override
        public boolean skipping() {
            return skipping;
        }

        @Override
        public String toString() {
            return answered + " round trips for " + decisions + " decisions";
        }
    }
}
