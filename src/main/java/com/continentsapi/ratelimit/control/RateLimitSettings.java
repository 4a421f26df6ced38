package com.continentsapi.ratelimit.control;

import com.continentsapi.configuration.Settings;
import com.continentsapi.ratelimit.entity.Rules;
import com.continentsapi.ratelimit.login.LoginLimits;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.Config;

/**
 * Everything under {@code ratelimit.} ({@code RATELIMIT_}), read and checked once at deployment. Defaults:
 * {@code META-INF/microprofile-config.properties}; meanings: README.md and server-config/ratelimit/README.md.
 *
 * @param enabled            false: no limiter at all, the login throttle included
 * @param enforced           false in shadow mode: decide and tell, never block
 * @param failMode           what a request Redis cannot decide gets: passed, refused (503), or decided by this instance
 * @param anonymousByAddress whether callers without credentials are limited by address instead of refused (401)
 * @param trustedProxies     addresses or CIDR blocks whose forwarding headers name the client
 * @param forwardedHeader    the one forwarding header they write; the other is the client's own and ignored
 * @param nearLimit          the fraction of a policy's limit that an allowed decision may leave and still count as near
 *                           the limit (metrics)
 * @param localInstances     fail mode local: how many instances share the limits, each enforcing its part
 * @param localSize          fail mode local: how many counters each instance keeps at most
 * @param overridesReloadSeconds how often each instance reads every override again, whatever the change notices said
 */
public record RateLimitSettings(boolean enabled, boolean enforced, FailMode failMode, boolean legacyHeaders,
                                boolean anonymousByAddress, List<String> trustedProxies, ForwardedHeader forwardedHeader,
                                int breakerFailures,
                                long breakerCoolDownMillis, int denialCacheSize, double nearLimit, int localInstances,
                                int localSize, long overridesReloadSeconds, LoginLimits login, Rules rules) {

    public static final String PREFIX = "ratelimit";
    /** Every fixed key; those of listed policies, plans and routes come on top (RulesConfig). */
    public static final List<String> KEYS = List.of("enabled", "mode", "fail-mode", "legacy-headers", "anonymous",
            "trusted-proxies", "forwarded-header", "breaker.failures", "breaker.cool-down-ms", "denial-cache.size", "near-limit",
            "local.instances", "local.size", "overrides.reload-seconds",
            "login.enabled", "login.limit", "login.client-limit", "login.user-limit", "login.window",
            "limit", "window", "algorithm", "burst", "policies", "default-policies", "plans", "routes");

    /** What a request gets while Redis cannot decide it. */
    public enum FailMode {
        /** Served without a limit. */
        OPEN,
        /** Refused with 503 and Retry-After. */
        CLOSED,
        /** Decided by this instance alone, every policy with its limit shared among {@code localInstances}. */
        LOCAL
    }

    /** Which header the trusted proxies name the client and its scheme in. */
    public enum ForwardedHeader {
        /** {@code X-Forwarded-For} and {@code X-Forwarded-Proto}, as nginx, HAProxy, AWS ALB and Traefik append them. */
        X_FORWARDED_FOR,
        /** {@code Forwarded} (RFC 7239). */
        FORWARDED
    }

    public RateLimitSettings {
        trustedProxies = List.copyOf(trustedProxies);
    }

    public static RateLimitSettings read(Config config) {
        return read(Settings.of(PREFIX, config));
    }

    public static RateLimitSettings read(Settings settings) {
        return new RateLimitSettings(
                settings.flag("enabled"),
                settings.choice("mode", "enforce", "shadow").equals("enforce"),
                FailMode.valueOf(settings.choice("fail-mode", "open", "closed", "local").toUpperCase(Locale.ROOT)),
                settings.flag("legacy-headers"),
                settings.choice("anonymous", "deny", "ip").equals("ip"),
                settings.list("trusted-proxies"),
                ForwardedHeader.valueOf(settings.choice("forwarded-header", "x-forwarded-for", "forwarded")
                        .toUpperCase(Locale.ROOT).replace('-', '_')),
                (int) settings.number("breaker.failures", 1, 1000),
                settings.number("breaker.cool-down-ms", 0, 3_600_000),
                (int) settings.number("denial-cache.size", 0, 10_000_000),
                settings.fraction("near-limit"),
                (int) settings.number("local.instances", 1, 10_000),
                (int) settings.number("local.size", 1, 10_000_000),
                settings.number("overrides.reload-seconds", 1, 86_400),
                new LoginLimits(settings.flag("login.enabled"), settings.number("login.limit", 1, Long.MAX_VALUE),
                        settings.number("login.client-limit", 1, Long.MAX_VALUE),
                        settings.number("login.user-limit", 1, Long.MAX_VALUE),
                        settings.number("login.window", 1, Long.MAX_VALUE)),
                RulesConfig.read(settings, KEYS));
    }

    public boolean failClosed() {
        return failMode == FailMode.CLOSED;
    }

    /** Whether failed logins are counted: the throttle is part of the limiter, and off with it. */
    public boolean throttlesLogins() {
        return enabled && login.enabled();
    }
}
