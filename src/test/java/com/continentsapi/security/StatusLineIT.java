package com.continentsapi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.StandardDeployment;
import com.continentsapi.stack.StackSession;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The status line of a 429 as clients and Swagger UI show it, read off the socket (java.net.http hides the reason
 * phrase). WildFly's Undertow says Too Many Requests. Payara's Grizzly knows no reason phrase for 429 and writes
 * CUSTOM; only a server library could change that, and the app does without one (server-config/README.md,
 * "The 429's status line on Payara"). This fails when either server changes its answer.
 */
@Tag("portable")
class StatusLineIT extends StandardDeployment {

    static final String PASSWORD = "a reader of status lines";

    @Test
    void aSpentQuotasStatusLineIsTheServersOwn() throws Exception {
        String user = StackSession.stack().users().fresh("status-line", PASSWORD);
        String context = base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
        byte[] request = ("GET " + context + "continents HTTP/1.1\r\nAuthorization: " + Api.basic(user, PASSWORD))
                .getBytes(StandardCharsets.ISO_8859_1);
        RawHttp http = new RawHttp(base);
        for (int allowed = 1; allowed <= 5; allowed++) {
            assertEquals(200, http.send(request).status());
        }

        RawHttp.Answer denied = http.send(request);

        String expected = "wildfly".equals(System.getProperty("arquillian.launch")) ? "HTTP/1.1 429 Too Many Requests" : "HTTP/1.1 429 CUSTOM";
        assertEquals(expected, denied.text().lines().findFirst().orElseThrow(), denied.text());
        assertEquals("application/problem+json", denied.contentType(), denied.text());
        assertTrue(denied.body().contains("\"type\":\"https://iana.org/assignments/http-problem-types#quota-exceeded\""), denied.text());
    }
}
