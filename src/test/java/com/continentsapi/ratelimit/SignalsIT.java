package com.continentsapi.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.Deployments;
import com.continentsapi.StandardDeployment;
import com.continentsapi.stack.StackSession;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees on /metrics (Payara: MicroProfile Metrics), and the callers they never want to see limited:
 * an unlimited plan's callers are served without a decision, counted by plan; an allowed decision that leaves a fifth
 * of the limit or less counts as near the limit; a login the throttle refuses is counted by spent counter. The
 * exposition, once it holds allowed, near-limit, denied, unlimited and throttled decisions, is saved to target/metrics/payara.txt, which .ci/run lints with {@code promtool check metrics}.
 */
class SignalsIT extends StandardDeployment {

    static final String PASSWORD = "signals password";

    Api api;

    @BeforeEach
    void client() {
        api = new Api(base);
    }

    @Test
    void anUnlimitedCallerIsServedWithoutFieldsOrCountersAndCountedByPlan() throws Exception {
        String user = StackSession.stack().users().fresh("internal", PASSWORD, Deployments.INTERNAL);
        double before = metric("ratelimit_unlimited_total", "plan", Deployments.INTERNAL);

        for (int i = 0; i < 8; i++) {
            HttpResponse<String> served = api.get("continents", user, PASSWORD);
            assertEquals(200, served.statusCode(), "request " + i + " of more than the default 5: " + served.body());
            assertTrue(served.headers().firstValue("RateLimit").isEmpty(), "no RateLimit field");
            assertTrue(served.headers().firstValue("RateLimit-Policy").isEmpty(), "no RateLimit-Policy field");
        }

        assertTrue(StackSession.stack().redis().keys("rl:{" + user + "}:*").isEmpty(), "nothing counted in Redis");
        assertEquals(before + 8, metric("ratelimit_unlimited_total", "plan", Deployments.INTERNAL));
    }

    @Test
    void nearLimitDenialsAndLoginThrottlingAreCountedAndTheExpositionIsSaved() throws Exception {
        String user = StackSession.stack().users().fresh("near", PASSWORD);
        double near = metric("ratelimit_near_limit_total", "policy", "default");
        double denied = decisions("denied");

        for (int i = 1; i <= 5; i++) {
            assertEquals(200, api.get("continents", user, PASSWORD).statusCode(), "request " + i);
        }
        assertEquals(429, api.get("continents", user, PASSWORD).statusCode());

        assertEquals(near + 2, metric("ratelimit_near_limit_total", "policy", "default"), "the 4th and 5th of 5 left 1 and 0");
        assertEquals(denied + 1, decisions("denied"));
        String unlimited = StackSession.stack().users().fresh("internal", PASSWORD, Deployments.INTERNAL);
        assertEquals(200, api.get("continents", unlimited, PASSWORD).statusCode());
        double throttled = metric("ratelimit_login_throttled_total", "policy", "login");
        for (int i = 0; i < 10; i++) {
            assertEquals(401, guess(user, "guess " + i).statusCode(), "failed login " + i + " of the 10 allowed");
        }
        HttpResponse<String> refused = guess(user, "one guess too many");
        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"type\":\"https://iana.org/assignments/http-problem-types#abnormal-usage-detected\""), refused.body());
        assertEquals(throttled + 1, metric("ratelimit_login_throttled_total", "policy", "login"));

        HttpResponse<String> exposition = api.get("metrics", (String) null);
        assertEquals(200, exposition.statusCode());
        assertTrue(exposition.body().contains("ratelimit_near_limit_total") && exposition.body().contains("ratelimit_unlimited_total")
                && exposition.body().contains("ratelimit_login_throttled_total"),
                exposition.body());
        Path saved = Path.of(System.getProperty("stack.basedir", "."), "target", "metrics", "payara.txt");
        Files.createDirectories(saved.getParent());
        Files.writeString(saved, exposition.body());
    }

    /** A login from a client of its own (this machine is a trusted proxy), so that no other test's failures count. */
    private HttpResponse<String> guess(String user, String password) {
        return api.send("GET", "continents", Api.basic(user, password), "X-Forwarded-For", "192.0.2.155");
    }

    private double decisions(String outcome) {
        return value(Pattern.compile("^ratelimit_decisions_total\\{(?=[^}]*outcome=\"" + outcome + "\")(?=[^}]*policy=\"default\")[^}]*} (\\S+)$",
                Pattern.MULTILINE));
    }

    /** One labelled series of the application's metrics, 0 while it has not been counted yet. */
    private double metric(String name, String label, String value) {
        return value(Pattern.compile("^" + name + "\\{[^}]*" + label + "=\"" + Pattern.quote(value) + "\"[^}]*} (\\S+)$", Pattern.MULTILINE));
    }

    private double value(Pattern series) {
        HttpResponse<String> metrics = api.get("metrics?scope=application", (String) null);
        assertEquals(200, metrics.statusCode(), metrics.body());
        Matcher found = series.matcher(metrics.body());
        return found.find() ? Double.parseDouble(found.group(1)) : 0;
    }
}
