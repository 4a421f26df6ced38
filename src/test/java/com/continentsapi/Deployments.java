package com.continentsapi;

import com.continentsapi.stack.RedisTopology;
import com.continentsapi.stack.Stack;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WARs the integration tests deploy: the one the build produced, with the settings of one of a few
 * configurations. Test classes that deploy the same configuration share one running server (SharedPayaraMicro),
 * so a new configuration costs a boot and a new test class does not.
 */
public final class Deployments {

    /** Plans for tests that must not run into the default 5 per minute, or need a limit of their own. */
    public static final String ROOMY = "roomy";
    public static final String FIFTY = "fifty";
    /** A plan without limits, for internal clients (ratelimit.plan.internal.policies=unlimited). */
    public static final String INTERNAL = "internal";

    private Deployments() {
    }

    /**
     * The production defaults (5 per 60 s for everybody without a plan), plus the test plans (one unlimited) and this machine as a
     * trusted proxy, but failing open: the outage tests of this deployment (RedisOutageIT, SlowRedisIT) hold the
     * open mode; the default, local, is held by MultiInstanceIT's two instances and RateLimiterFailureIT.
     */
    public static WebArchive standard() {
        return war(standardSettings());
    }

    /** Several policies, a plan, a route, legacy fields, and callers without credentials limited by address. */
    public static WebArchive withPolicies() {
        Map<String, String> settings = standardSettings();
        settings.putAll(Map.of(
                "ratelimit.policies", "roomy,fifty,burst,hourly",
                "ratelimit.policy.burst.algorithm", "gcra",
                "ratelimit.policy.burst.limit", "3",
                "ratelimit.policy.burst.window", "60",
                "ratelimit.policy.hourly.algorithm", "sliding-window",
                "ratelimit.policy.hourly.limit", "100",
                "ratelimit.policy.hourly.window", "3600",
                "ratelimit.default-policies", "default,hourly",
                "ratelimit.plans", "roomy,fifty,internal,pro",
                "ratelimit.plan.pro.policies", "burst"));
        settings.putAll(Map.of(
                "ratelimit.routes", "one",
                "ratelimit.route.one.path", "/continents/*",
                "ratelimit.route.one.cost", "2",
                "ratelimit.legacy-headers", "true",
                "ratelimit.anonymous", "ip"));
        return war(settings);
    }

    /**
     * Hardened as a production operator may choose: without Redis requests are refused (503) instead of served
     * unlimited, and credentials are accepted only over TLS (here: from this machine as a TLS-terminating proxy).
     */
    public static WebArchive hardened() {
        Map<String, String> settings = standardSettings();
        settings.put("ratelimit.fail-mode", "closed");
        settings.put("auth.require-tls", "true");
        return war(settings);
    }

    /** The standard settings on another Redis topology, set as an operator would (server-config/redis). */
    public static WebArchive on(RedisTopology topology) throws Exception {
        Map<String, String> settings = standardSettings();
        topology.env().forEach((variable, value) -> settings.put(variable.toLowerCase(Locale.ROOT).replace('_', '.'), value));
        return war(settings);
    }

    private static Map<String, String> standardSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("ratelimit.policies", "roomy,fifty");
        settings.put("ratelimit.policy.roomy.limit", "1000000");
        settings.put("ratelimit.policy.roomy.window", "3600");
        settings.put("ratelimit.policy.fifty.limit", "50");
        settings.put("ratelimit.policy.fifty.window", "60");
        settings.put("ratelimit.plans", "roomy,fifty,internal");
        settings.put("ratelimit.plan.roomy.policies", "roomy");
        settings.put("ratelimit.plan.fifty.policies", "fifty");
        settings.put("ratelimit.plan.internal.policies", "unlimited");
        settings.put("ratelimit.trusted-proxies", Stack.thisMachine());
        settings.put("ratelimit.fail-mode", "open");
        // The test users' hashes are cheap (stack/Users); unknown names cost about as little: 1024 is the least allowed.
        settings.put("auth.password-hash.iterations", "1024");
        return settings;
    }

    /** The built WAR with these settings after its defaults, as an operator's settings would override them. */
    private static WebArchive war(Map<String, String> settings) {
        WebArchive war = ShrinkWrap.create(ZipImporter.class, "continents.war")
                .importFrom(new File(System.getProperty("stack.basedir", "."), "target/continents.war"))
                .as(WebArchive.class);
        String config = "/WEB-INF/classes/META-INF/microprofile-config.properties";
        String defaults;
        try (InputStream in = war.get(config).getAsset().openStream()) {
            defaults = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        war.delete(config);
        String overrides = settings.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining("\n"));
        return war.add(new StringAsset(defaults + "\n" + overrides + "\n"), config);
    }
}
