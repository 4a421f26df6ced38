package com.continentsapi.operations;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.stack.PayaraMicro;
import com.continentsapi.stack.StackSession;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM, as Docker and Kubernetes stop a container, while requests are in flight. Payara Micro started the way
 * the Dockerfile starts it (a shutdown grace, Hazelcast's shutdown hook off): every request in flight is answered,
 * and readiness turns DOWN at once so that the load balancer stops sending new ones during the grace period. The
 * grace is 5 s here, not the image's 20 s (DockerfileIT holds that): the server waits all of it before it stops,
 * and the requests in flight need far less.
 */
class GracefulShutdownIT {

    private static final int REQUESTS = 6;
    private static final String PASSWORD = "graceful-Pa55word";

    record Answer(int status, long nanos, String body) {
        String after(long sigterm) {
            return status + " " + (nanos - sigterm) / 1_000_000 + " ms after SIGTERM " + body;
        }
    }

    @Test
    void requestsInFlightAtSigtermAreAnsweredAndReadinessTurnsDown() throws Exception {
        // Every request's password check runs at once (not one per processor, the default ceiling): all are in flight.
        Map<String, String> env = Map.of("AUTH_PASSWORD_CHECKS_CONCURRENT", Integer.toString(REQUESTS));
        try (PayaraMicro server = PayaraMicro.start("graceful-shutdown", 1, env, "--shutdowngrace", "5000").getFirst()) {
            // One user per request: a PBKDF2 verification of the operator's cost each, so that they are still running.
            List<String> users = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                users.add(StackSession.stack().users().freshWithCostlyHash("graceful", PASSWORD));
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<CompletableFuture<Answer>> inFlight = users.stream()
                    .map(user -> HttpRequest.newBuilder(server.url().resolve("continents"))
                            .header("Authorization", Api.basic(user, PASSWORD)).timeout(Duration.ofMinutes(1)).build())
                    .map(request -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                            .thenApply(response -> new Answer(response.statusCode(), System.nanoTime(), response.body())))
                    .toList();
            Thread.sleep(100);

            long sigterm = System.nanoTime();
            server.process().destroy();
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(server.url().resolve("health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            List<Answer> answers = inFlight.stream().map(CompletableFuture::join).toList();

            String timeline = answers.stream().map(answer -> answer.after(sigterm)).toList().toString();
            assertAll(
                    () -> assertTrue(answers.stream().allMatch(answer -> answer.status() == 200), timeline),
                    () -> assertEquals(Api.SEVEN_CONTINENTS, answers.getFirst().body()),
                    () -> assertTrue(answers.stream().anyMatch(answer -> answer.nanos() > sigterm),
                            "no request was still in flight at SIGTERM, so this run proved nothing: " + timeline),
                    () -> assertEquals(503, ready.statusCode(), ready.body()),
                    () -> assertTrue(ready.body().contains("{\"name\":\"shutdown\",\"status\":\"DOWN\""), ready.body()),
                    () -> assertTrue(server.process().waitFor(2, TimeUnit.MINUTES), "Payara Micro did not stop"));
        }
    }
}
