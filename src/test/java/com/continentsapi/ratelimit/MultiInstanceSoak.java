package com.continentsapi.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.stack.PayaraMicro;
import com.continentsapi.stack.Stack;
import com.continentsapi.stack.StackSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Not part of verify (the name does not end in IT): minutes of mixed load against two instances, then what
 * must not have grown. Run it with
 * {@code ./mvnw -o verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=MultiInstanceSoak -Dsoak.minutes=10}.
 */
class MultiInstanceSoak {

    static final int MINUTES = Integer.getInteger("soak.minutes", 10);
    static final int CLIENTS = 8;
    static final String PASSWORD = "soak password";
    /** Per user and 10 s: low enough that the mix is denied as well as allowed, so both paths soak. */
    static final int LIMIT = 5;
    /** Heap after a full GC may grow by this much from the first sample to the last: caches filling, JIT. */
    static final double HEAP_GROWTH_ALLOWED = 1.5;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();

    @Test
    void mixedLoadLeavesNoErrorsAndNothingGrowing() throws Exception {
        Stack stack = StackSession.stack();
        List<PayaraMicro> apps = PayaraMicro.start("soak", 2, Map.of("RATELIMIT_LIMIT", Integer.toString(LIMIT), "RATELIMIT_WINDOW", "10"));
        List<String> users = new ArrayList<>(); // after the start: the first deployment creates the tables (Flyway)
        for (int i = 0; i < 20; i++) {
            users.add(stack.users().fresh("soak", PASSWORD));
        }
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Sample> samples = new ArrayList<>();
        try {
            long end = System.nanoTime() + Duration.ofMinutes(MINUTES).toNanos();
            for (int i = 0; i < CLIENTS; i++) {
                clients.submit(() -> {
                    while (System.nanoTime() < end) {
                        oneMixedRequest(apps, users);
                    }
                });
            }
            System.out.println("soak: minute, answers so far, heap after GC per instance (MB), Redis clients, DB connections");
            for (int minute = 1; minute <= MINUTES; minute++) {
                Thread.sleep(Duration.ofMinutes(1));
                Sample sample = sample(minute, apps, stack);
                samples.add(sample);
                System.out.println("soak: " + sample + " " + answers);
            }
            clients.shutdown();
            clients.awaitTermination(2, TimeUnit.MINUTES);
        } finally {
            clients.shutdownNow();
            apps.forEach(PayaraMicro::close);
        }

        assertTrue(answers.keySet().stream().noneMatch(outcome -> outcome.startsWith("5") || outcome.startsWith("error")), answers.toString());
        assertTrue(answers.containsKey("200") && answers.containsKey("429"), "both allowed and denied requests " + answers);
        Sample first = samples.get(Math.min(1, samples.size() - 1)); // after a minute of warm-up
        Sample last = samples.getLast();
        for (int i = 0; i < apps.size(); i++) {
            assertTrue(last.heapMb.get(i) <= first.heapMb.get(i) * HEAP_GROWTH_ALLOWED, "heap after GC " + samples);
        }
        assertTrue(samples.stream().mapToLong(Sample::redisClients).max().orElseThrow() <= first.redisClients + 4, "Redis connections " + samples);
        assertTrue(samples.stream().mapToLong(Sample::dbConnections).max().orElseThrow() <= first.dbConnections + 4, "DB connections " + samples);
        assertEquals(List.of(), keysWithoutExpiry(stack), "every key the limiter writes expires");
    }

    private void oneMixedRequest(List<PayaraMicro> apps, List<String> users) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        URI base = apps.get(random.nextInt(apps.size())).url();
        String user = users.get(random.nextInt(users.size()));
        int kind = random.nextInt(100);
        String path = kind < 50 ? "continents" : kind < 70 ? "continents/" + (1 + random.nextInt(9)) : kind < 80 ? "" : kind < 90 ? "continents" : "health/ready";
        String password = kind >= 80 && kind < 85 ? "wrong " + PASSWORD : PASSWORD;
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        if (kind < 85) {
            request.header("Authorization", Api.basic(user, password));
        }
        String outcome;
        try {
            outcome = Integer.toString(http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (Exception e) {
            outcome = "error " + e.getClass().getSimpleName();
        }
        answers.computeIfAbsent(outcome, key -> new LongAdder()).increment();
    }

    private record Sample(int minute, List<Long> heapMb, long redisClients, long dbConnections) {
    }

    private static Sample sample(int minute, List<PayaraMicro> apps, Stack stack) throws Exception {
        List<Long> heap = new ArrayList<>();
        for (PayaraMicro app : apps) {
            heap.add(heapAfterGcMb(app.pid()));
        }
        long redisClients = stack.redis().info("clients").lines().filter(line -> line.startsWith("connected_clients:"))
                .mapToLong(line -> Long.parseLong(line.substring("connected_clients:".length()).strip())).sum();
        long dbConnections;
        try (Connection admin = stack.db().admin(); ResultSet status = admin.createStatement().executeQuery("SHOW STATUS LIKE 'Threads_connected'")) {
            status.next();
            dbConnections = status.getLong(2);
        }
        return new Sample(minute, heap, redisClients, dbConnections);
    }

    /** jcmd GC.run, then the heap in use as GC.heap_info reports it ("used 123456K"). */
    private static long heapAfterGcMb(long pid) throws Exception {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("No heap figure in " + info);
        }
        return Long.parseLong(used.group(1)) / 1024;
    }

    private static String jcmd(long pid, String command) throws Exception {
        String jcmd = ProcessHandle.current().info().command().orElseThrow().replaceFirst("java$", "jcmd");
        Process process = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return output;
    }

    private static List<String> keysWithoutExpiry(Stack stack) {
        List<String> forever = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = stack.redis().scan(cursor, new ScanParams().count(1000));
            page.getResult().stream().filter(key -> stack.redis().pttl(key) == -1).forEach(forever::add);
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return forever;
    }
}
