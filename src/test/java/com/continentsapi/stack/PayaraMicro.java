package com.continentsapi.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the API on Payara Micro, as a child process with the production post-boot file, for tests
 * that need several instances (Arquillian manages only one). It reads the test JVM's environment (DB_URL,
 * REDIS_URL, ... as the build sets them) plus the variables given, as an operator's instance would.
 */
public final class PayaraMicro implements AutoCloseable {

    /** A boot takes 15 s on an idle machine, but several minutes when other builds share its two cores. */
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(10);

    private final Path dir;
    private final Map<String, String> env;
    private final List<String> options;
    private final int port;
    private Process process;

    private PayaraMicro(Path dir, Map<String, String> env, List<String> options, int port) {
        this.dir = dir;
        this.env = env;
        this.options = options;
        this.port = port;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "payara-micro-shutdown"));
    }

    /**
     * {@code count} instances booted side by side, each on its own port; returns once every one serves.
     * Options are Payara Micro's, added to those the Dockerfile shares with every test server.
     */
    public static List<PayaraMicro> start(String name, int count, Map<String, String> env, String... options) throws Exception {
        List<PayaraMicro> instances = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                PayaraMicro instance = new PayaraMicro(Stack.file("target/it-instances").resolve(name + "-" + i), env, List.of(options), Stack.freePort());
                instances.add(instance);
                instance.launch();
            }
            for (PayaraMicro instance : instances) {
                instance.awaitDeployment();
            }
            return instances;
        } catch (Exception e) {
            instances.forEach(PayaraMicro::close);
            throw e;
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** The process id, for jcmd. */
    public long pid() {
        return process.pid();
    }

    /** The running process, for a test that stops it itself. */
    public Process process() {
        return process;
    }

    /** Stops the process (SIGTERM, as an orchestrator would) and boots a new one on the same port. */
    public void restart() throws Exception {
        close();
        launch();
        awaitDeployment();
    }

    private synchronized void launch() throws IOException {
        Stack.deleteRecursively(dir); // Payara Micro would redeploy the last run's WAR from its root dir
        Files.createDirectories(dir);
        List<String> command = command(port, dir.resolve("root"), Stack.file("target/continents.war").toString());
        command.add(1, "-XX:TieredStopAtLevel=1"); // as arquillian.xml: boots cost less, and no test measures speed
        command.addAll(options);
        ProcessBuilder payara = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()));
        payara.environment().putAll(env);
        process = payara.start();
    }

    /**
     * The command line of one Payara Micro serving the WAR at the root context, as the Dockerfile runs it:
     * shared with the dev stack, so that tests, dev stack and image cannot drift apart.
     */
    static List<String> command(int port, Path rootDir, String war) {
        return new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                // as the Dockerfile's JVM_ARGS: server-config/README.md, "Stopping gracefully"
                "-Dhazelcast.shutdownhook.enabled=false",
                "-jar", System.getProperty("payara.microJar"),
                "--nocluster",
                "--port", Integer.toString(port),
                "--rootdir", rootDir.toString(),
                "--addlibs", Stack.file("target/server-lib").toString(),
                "--prebootcommandfile", Stack.file("server-config/payara-micro/pre-boot-commands.asadmin").toString(),
                "--postbootcommandfile", Stack.file("server-config/payara-micro/post-boot-commands.asadmin").toString(),
                "--deploy", war,
                "--contextroot", "/"));
    }

    /** Deployed once it answers; an anonymous request gets 401 from the authentication mechanism. */
    private void awaitDeployment() throws Exception {
        // HTTP/1.1: the default HTTP/2 upgrade attempt can leave a probe hanging past its timeout.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest probe = HttpRequest.newBuilder(url().resolve("continents")).timeout(Duration.ofSeconds(30)).build();
        for (long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos(); System.nanoTime() < deadline; ) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + ", see " + dir.resolve("server.log"));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The API did not come up on port " + port + " within " + BOOT_TIMEOUT + ", see " + dir.resolve("server.log"));
    }

    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }
}
