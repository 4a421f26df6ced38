package com.continentsapi.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * A Payara Micro of a test's own, started as production starts it (java -jar, the post-boot file, the driver on
 * --addlibs) against the build's MariaDB and Redis, for what Arquillian's single managed server cannot show:
 * a SIGTERM, several instances. The environment (DB_URL, DB_PASSWORD, REDIS_URL, ...) is the test JVM's plus
 * the given variables. Its output goes to a log file in its directory.
 */
public final class PayaraMicroProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private PayaraMicroProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static PayaraMicroProcess start(WebArchive war, Path dir, Map<String, String> environment, String... options)
            throws IOException {
        Stack.deleteRecursively(dir);
        java.nio.file.Files.createDirectories(dir);
        Path warFile = dir.resolve("continents.war");
        war.as(ZipExporter.class).exportTo(warFile.toFile(), true);
        int port = Stack.freePort();
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Djava.io.tmpdir=" + dir.resolve("tmp"),
                // as the Dockerfile's JVM_ARGS: server-config/README.md, "Stopping gracefully"
                "-Dhazelcast.shutdownhook.enabled=false",
                "-jar", System.getProperty("payara.microJar"),
                "--nocluster",
                "--port", Integer.toString(port),
                "--rootdir", dir.resolve("payara").toString(),
                "--addlibs", Stack.file("target/server-lib/mysql-connector-j.jar").toString(),
                "--postbootcommandfile", Stack.file("server-config/payara-micro/post-boot-commands.asadmin").toString(),
                "--deploy", warFile.toString(),
                "--contextroot", "/"));
        command.addAll(List.of(options));
        java.nio.file.Files.createDirectories(dir.resolve("tmp"));
        Path log = dir.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        PayaraMicroProcess started = new PayaraMicroProcess(builder.start(), port, log);
        started.awaitDeployment();
        return started;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + "/" + path);
    }

    public Process process() {
        return process;
    }

    /** Deployed once the API answers; a request without credentials gets 401 from the authentication mechanism. */
    private void awaitDeployment() throws IOException {
        // HTTP/1.1: the default HTTP/2 upgrade attempt can leave a probe hanging past its timeout.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest probe = HttpRequest.newBuilder(uri("continents")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            sleep(500);
        }
        close();
        throw new IllegalStateException("Payara Micro did not deploy the API within 10 minutes; see " + log);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
