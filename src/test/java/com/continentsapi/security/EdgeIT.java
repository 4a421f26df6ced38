package com.continentsapi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.StandardDeployment;
import com.continentsapi.stack.Haproxy;
import com.continentsapi.stack.StackSession;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.SocketFactory;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The shipped HAProxy configuration (server-config/compose/haproxy.cfg), run by Debian's haproxy in front of a test
 * instance: what the edge refuses that the instance would serve. Tagged "edge": it needs haproxy, so it runs with
 * -Pbrowser, as .ci/run does, which installs haproxy when missing.
 */
@Tag("edge")
class EdgeIT extends StandardDeployment {

    private static final String PASSWORD = "an edge password";

    static Haproxy edge;
    RawHttp throughTheEdge;
    RawHttp direct;

    @BeforeEach
    void edge() throws Exception {
        if (edge == null) {
            edge = Haproxy.inFrontOf(base);
        }
        throughTheEdge = new RawHttp("127.0.0.1", edge.port(), edge.tls().getSocketFactory());
        direct = new RawHttp("127.0.0.1", base.getPort(), SocketFactory.getDefault());
    }

    @AfterAll
    static void stop() throws Exception {
        if (edge != null) {
            edge.close();
            edge = null;
        }
    }

    /** What the instance would read as /metrics or /health: each is served there, and the edge refuses it. */
    @Test
    void everySpellingOfMetricsAndHealthIsRefusedAtTheEdge() throws Exception {
        List<String> failures = new ArrayList<>();
        for (String path : List.of("//metrics", "/./metrics", "/%6detrics", "/x/../metrics", "/metrics;x", "/%2fmetrics",
                "/continents/..%2fmetrics", "/health/ready", "//health/ready", "/%68ealth/ready", "/health%2fready")) {
            RawHttp.Answer served = direct.send(get(path));
            RawHttp.Answer refused = throughTheEdge.send(get(path));
            if (served.status() != 200) {
                failures.add(path + ": no bypass to test, the instance itself answers " + served.status());
            }
            if (refused.status() < 400 || refused.status() >= 500 || !refused.contentType().equals("application/problem+json")) {
                failures.add(path + ": through the edge " + refused.status() + " " + refused.contentType() + " " + abbreviate(refused.body()));
            }
        }
        assertEquals(List.of(), failures);
    }

    /** The edge passes on what the API serves, to the public and to users, and says so in problems. */
    @Test
    void theApiIsServedThroughTheEdge() throws Exception {
        String user = StackSession.stack().users().fresh("edge", PASSWORD);
        assertEquals(200, throughTheEdge.send(get("/openapi")).status());
        RawHttp.Answer continents = throughTheEdge.send(get("/continents", "Authorization: " + Api.basic(user, PASSWORD)));
        assertEquals(200, continents.status(), continents.text());
        assertEquals(Api.SEVEN_CONTINENTS, continents.body());
        RawHttp.Answer anonymous = throughTheEdge.send(get("/continents"));
        assertEquals(401, anonymous.status(), anonymous.text());
        assertEquals("application/problem+json", anonymous.contentType());
    }

    /** The instance answers a bad '%' escape in the path with an empty 200 (and a stack trace); the edge refuses it. */
    @Test
    void aMalformedPercentEscapeIsRefusedAtTheEdge() throws Exception {
        for (String path : List.of("/continents/%zz", "/continents/%", "/continents/%4")) {
            RawHttp.Answer refused = throughTheEdge.send(get(path));
            assertEquals(400, refused.status(), path + ": " + refused.text());
            assertEquals("application/problem+json", refused.contentType(), path);
        }
    }

    /**
     * A client that sends a header line every half second and never ends its head (slowloris) holds no connection
     * for long: the edge answers 408 and closes, while the client is still sending.
     */
    @Test
    void aClientThatNeverFinishesItsHeadersIsCut() throws Exception {
        try (SSLSocket socket = (SSLSocket) edge.tls().getSocketFactory().createSocket("127.0.0.1", edge.port())) {
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /continents HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        out.write(("X-Slow-" + i + ": a\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        Thread.sleep(500);
                    }
                } catch (IOException | InterruptedException cut) {
                    // the edge closed the connection: what this test waits for
                }
            });
            String answer = new String(RawHttp.readAll(socket.getInputStream()), StandardCharsets.ISO_8859_1);
            assertTrue(trickle.isAlive(), "the client had stopped sending before the edge answered: " + answer);
            trickle.interrupt();
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
        }
    }

    /** Mozilla's "intermediate" policy: no TLS 1.1, no suite without forward secrecy or with CBC. */
    @Test
    void onlyModernTlsIsOffered() throws Exception {
        assertEquals("TLSv1.3", handshake(new String[] {"TLSv1.3"}, null));
        assertEquals("TLSv1.2", handshake(new String[] {"TLSv1.2"}, new String[] {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}));
        for (String weak : List.of("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384")) {
            SSLHandshakeException refused = assertThrows(SSLHandshakeException.class,
                    () -> handshake(new String[] {"TLSv1.2"}, new String[] {weak}), weak);
            assertTrue(refused.getMessage().contains("Received fatal alert"), "refused by the edge, not by this client: " + refused);
        }
    }

    private String handshake(String[] protocols, String[] suites) throws IOException {
        try (SSLSocket socket = (SSLSocket) edge.tls().getSocketFactory().createSocket("127.0.0.1", edge.port())) {
            socket.setEnabledProtocols(protocols);
            if (suites != null) {
                socket.setEnabledCipherSuites(suites);
            }
            socket.startHandshake();
            assertNotEquals("NONE", socket.getSession().getProtocol());
            return socket.getSession().getProtocol();
        }
    }

    private static byte[] get(String path, String... headers) {
        StringBuilder head = new StringBuilder("GET ").append(path).append(" HTTP/1.1");
        for (String header : headers) {
            head.append("\r\n").append(header);
        }
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
