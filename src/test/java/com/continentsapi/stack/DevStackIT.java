package com.continentsapi.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dev stack (./mvnw -Pdev package) as a developer meets it: its port is Payara Micro's own, opened once the
 * API serves. It runs against the build's MariaDB and Redis (DB_URL and REDIS_URL, as a developer may point it at
 * their own), so it costs one Payara Micro boot and no database install. Anonymous callers are let in per
 * address (RATELIMIT_ANONYMOUS=ip) with a limit of 2.
 */
class DevStackIT {

    private static final String PASSWORD = "dev stack password";
    private static final int LIMIT = 2;

    private static Process devStack;
    private static int port;
    private static String user;
    /** What each connection attempt got while the stack started: "refused", or the first answer's status. */
    private static final List<String> seenWhileStarting = new ArrayList<>();

    @BeforeAll
    static void startTheDevStack() throws Exception {
        // As the dev stack does with its own database: the schema exists before the server starts.
        Flyway.configure(DevStackIT.class.getClassLoader()).dataSource(System.getenv("DB_URL"), Stack.APP_DB_USER, System.getenv("DB_PASSWORD"))
                .locations("classpath:db/migration").load().migrate();
        user = StackSession.stack().users().fresh("dev-stack", PASSWORD);
        port = Stack.freePort();
        ProcessBuilder command = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"),
                "-Dpayara.microJar=" + System.getProperty("payara.microJar"),
                "-Dstack.basedir=" + Stack.file("."),
                "-Dstack.dir=" + Stack.file("target/it-dev-stack"),
                "-Dstack.war=" + Stack.file("target/continents.war"),
                DevStack.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Stack.file("target/it-dev-stack.log").toFile()));
        // As PayaraMicro and arquillian.xml run test servers: a cheaper boot, and no test here measures speed.
        command.environment().put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1");
        command.environment().put("HTTP_PORT", Integer.toString(port));
        command.environment().put("RATELIMIT_ANONYMOUS", "ip");
        command.environment().put("RATELIMIT_LIMIT", Integer.toString(LIMIT));
        devStack = command.start();

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/continents"))
                .header("Authorization", basic(user)).timeout(Duration.ofSeconds(60)).build();
        for (long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos(); System.nanoTime() < deadline; ) {
            assertTrue(devStack.isAlive(), "the dev stack exited: target/it-dev-stack.log");
            try {
                seenWhileStarting.add(Integer.toString(http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode()));
                return;
            } catch (ConnectException refused) {
                if (seenWhileStarting.isEmpty() || !seenWhileStarting.getLast().equals("refused")) {
                    seenWhileStarting.add("refused");
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("The dev stack did not open port " + port + " within 10 minutes: target/it-dev-stack.log");
    }

    @AfterAll
    static void stopTheDevStack() throws InterruptedException {
        if (devStack != null) {
            List<ProcessHandle> children = devStack.descendants().toList();
            devStack.destroy();
            if (!devStack.waitFor(60, TimeUnit.SECONDS)) {
                devStack.destroyForcibly();
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void whileItStartsAConnectionIsRefusedAndTheFirstAnswerServesTheUser() {
        assertEquals(List.of("refused", "200"), seenWhileStarting);
    }

    @Test
    void aClientThatHalfClosesAfterItsRequestGetsTheAnswer() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET /continents HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + basic(user)
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.shutdownOutput(); // as nc -N does
            String answer = readAll(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
            assertTrue(answer.contains("\"continent_name\":\"ASIA\""), answer);
        }
    }

    @Test
    void anonymousCallersAreLimitedEachByItsOwnAddress() throws Exception {
        List<Integer> first = new ArrayList<>();
        for (int call = 0; call <= LIMIT; call++) {
            first.add(anonymousFrom("127.0.0.5"));
        }
        assertEquals(List.of(200, 200, 429), first, "127.0.0.5 spends its own quota");
        assertEquals(200, anonymousFrom("127.0.0.6"), "127.0.0.6 has a quota of its own");
    }

    private static int anonymousFrom(String address) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).localAddress(InetAddress.getByName(address)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/continents")).timeout(Duration.ofSeconds(60)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String basic(String name) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
