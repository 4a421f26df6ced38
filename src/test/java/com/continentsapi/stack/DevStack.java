package com.continentsapi.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * ./mvnw -Pdev package: the API on http://localhost:8080 (HTTP_PORT) on Payara Micro, with the same post-boot
 * file as production, against a MariaDB and a Redis started here, or the servers DB_URL / REDIS_URL name.
 * The port opens once the API is usable, and it is Payara Micro's own: nothing stands between a client and the
 * server, so half-closes, client addresses and timing are what production sees. Ctrl-C stops all of it.
 */
public final class DevStack {

    private static final String DEMO_USER = "john_doe";
    private static final String DEMO_PASSWORD = "EXAMPLE_PASSWORD";

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        int httpPort = Integer.parseInt(env.getOrDefault("HTTP_PORT", "8080"));
        boolean ownDb = env.get("DB_URL") == null;
        boolean ownRedis = env.get("REDIS_URL") == null;
        String dbPassword = ownDb ? HexFormat.of().formatHex(new SecureRandom().generateSeed(16)) : env.get("DB_PASSWORD");

        Path dir = Path.of(System.getProperty("stack.dir"));
        Stack.deleteRecursively(dir.resolve("payara")); // it would redeploy the last run's WAR with the last run's pool
        Stack stack = Stack.start(dir, ownDb ? Stack.freePort() : null, ownRedis ? Stack.freePort() : null, dbPassword);

        if (ownDb) {
            // The schema and the demo users exist before the server takes its first request: a curl in the first
            // seconds is a 200, not a 401 that the failed-login throttle would count against the demo user.
            Flyway.configure(DevStack.class.getClassLoader()).dataSource(stack.db().url("countries"), Stack.APP_DB_USER, dbPassword)
                    .locations("classpath:db/migration").load().migrate();
            stack.users().add(DEMO_USER, DEMO_PASSWORD);
            addUsers(stack, env.getOrDefault("DEV_USERS", ""));
        }
        List<String> command = PayaraMicro.command(httpPort, dir.resolve("payara"), System.getProperty("stack.war"));
        openListenerAfterDeployment(command, dir);
        ProcessBuilder payara = new ProcessBuilder(command).inheritIO();
        if (ownDb) {
            payara.environment().put("DB_URL", stack.db().url("countries"));
            payara.environment().put("DB_USER", Stack.APP_DB_USER);
            payara.environment().put("DB_PASSWORD", dbPassword);
        }
        if (ownRedis) {
            payara.environment().put("REDIS_URL", stack.redisUrl());
        }
        Process server = payara.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "payara-shutdown"));

        awaitDeployment(server, httpPort);
        System.out.printf("%n  Continents API on http://localhost:%d/continents%s%n  Ctrl-C stops it.%n%n", httpPort,
                ownDb ? " (try: curl -i -u " + DEMO_USER + ":" + DEMO_PASSWORD + " http://localhost:" + httpPort + "/continents)" : "");
        System.exit(server.waitFor());
    }

    /**
     * Payara Micro listens before its deployment is done and answers 404 meanwhile: so its HTTP listener starts
     * disabled, and a command run after every deployment, the web module's start (schema migration, first pool
     * connection) included, enables it. Until then a client is refused. Tried on 7.2025.1 and 7.2026.11. Payara Micro
     * reads one pre-boot file: the shipped one's commands come first in it.
     */
    private static void openListenerAfterDeployment(List<String> command, Path dir) throws IOException {
        String listener = "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.enabled=";
        int preBoot = command.indexOf("--prebootcommandfile") + 1;
        Path closed = Files.writeString(dir.resolve("pre-boot-commands.asadmin"),
                Files.readString(Path.of(command.get(preBoot))) + listener + "false\n");
        Path opened = Files.writeString(dir.resolve("listener-opened.asadmin"), listener + "true\n");
        command.set(preBoot, closed.toString());
        command.addAll(List.of("--postdeploycommandfile", opened.toString()));
    }

    /**
     * DEV_USERS=alice:pro,bob,carol::admin: adds users with the demo password, the plan after the first colon (none
     * when empty) and the role after the second (user when absent).
     */
    private static void addUsers(Stack stack, String users) throws Exception {
        for (String user : users.split(",")) {
            if (!user.isBlank()) {
                String[] fields = user.strip().split(":", 3);
                stack.users().add(fields[0], DEMO_PASSWORD);
                String plan = fields.length < 2 || fields[1].isEmpty() ? null : fields[1];
                stack.users().set(fields[0], fields.length < 3 || fields[2].isEmpty() ? "user" : fields[2], plan);
            }
        }
    }

    /**
     * The port opens after the deployment, so any answer is the app's (DevStackIT holds that it serves the user).
     * Ten minutes: on 2 busy cores (other builds, a benchmark) the deployment alone has taken more than three.
     */
    private static void awaitDeployment(Process server, int port) throws Exception {
        // HTTP/1.1: the default h2c upgrade attempt left a probe hanging far past its timeout on a busy machine
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/continents"))
                .timeout(Duration.ofSeconds(2)).build();
        for (long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos(); System.nanoTime() < deadline; ) {
            if (!server.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + server.exitValue());
            }
            try {
                http.send(probe, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The API did not come up on port " + port + " within 10 minutes");
    }

    private static void stop(Process server) {
        server.destroy();
        try {
            if (!server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
