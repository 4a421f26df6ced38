package com.continentsapi.stack;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Debian's HAProxy with the shipped server-config/compose/haproxy.cfg in front of one test instance. Only what
 * differs on this machine is replaced: the ports it listens on, the instances' addresses and the certificate (a
 * throwaway one from openssl). Each replacement must find its text, or the file changed under the test.
 */
public final class Haproxy implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final int port;
    private final SSLContext tls;

    private Haproxy(Process process, Path dir, int port, SSLContext tls) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.tls = tls;
    }

    /** Started, and passing requests on to the instance at {@code backend}'s port on 127.0.0.1. */
    public static Haproxy inFrontOf(URL backend) throws Exception {
        Path dir = Files.createTempDirectory("haproxy");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                "-keyout", "api.pem.key", "-out", "api.pem");
        int port = Stack.freePort();
        String config = Files.readString(Stack.file("server-config/compose/haproxy.cfg"));
        config = replace(config, "/usr/local/etc/haproxy/tls/", dir + "/");
        config = replace(config, "bind :8443", "bind 127.0.0.1:" + port);
        config = replace(config, "bind :8080", "bind 127.0.0.1:" + Stack.freePort());
        config = replace(config, "server app1 app1:8080", "server app1 127.0.0.1:" + backend.getPort());
        config = replace(config, "    server app2 app2:8080\n", "");
        Files.writeString(dir.resolve("haproxy.cfg"), config);
        Process process;
        try {
            process = new ProcessBuilder("haproxy", "-db", "-f", "haproxy.cfg").directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        } catch (IOException missing) {
            throw new IllegalStateException("The edge tests need Debian's haproxy: apt-get install haproxy (.ci/run installs it)", missing);
        }
        Haproxy haproxy = new Haproxy(process, dir, port, trusting(dir.resolve("api.pem")));
        haproxy.awaitListening();
        return haproxy;
    }

    public int port() {
        return port;
    }

    /** TLS that trusts this HAProxy's certificate. */
    public SSLContext tls() {
        return tls;
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("haproxy.log"));
    }

    private void awaitListening() throws Exception {
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); System.nanoTime() < deadline; Thread.sleep(200)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("HAProxy stopped: " + log());
            }
            try (Socket socket = tls.getSocketFactory().createSocket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                // not listening yet
            }
        }
        throw new IllegalStateException("HAProxy did not listen within 60 s: " + log());
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        Stack.deleteRecursively(dir);
    }

    private static String replace(String config, String text, String replacement) {
        if (!config.contains(text)) {
            throw new IllegalStateException("server-config/compose/haproxy.cfg no longer contains \"" + text.strip() + "\": adapt " + Haproxy.class.getName());
        }
        return config.replace(text, replacement);
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry("haproxy", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }

    private static void run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
