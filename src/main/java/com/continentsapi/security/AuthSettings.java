package com.continentsapi.security;

import com.continentsapi.configuration.Settings;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * Everything under {@code auth.} ({@code AUTH_}), read and checked once at deployment.
 *
 * @param credentialCacheTtlSeconds how long verified credentials are remembered; 0 turns the cache off
 * @param credentialCacheSize       how many verified credentials an instance remembers at most; 0 turns it off
 * @param requireTls                whether credentials that did not arrive over TLS are refused (403) unchecked
 * @param passwordChecks            how many password checks (PBKDF2) may run at once on this instance; not set: one
 *                                  per processor
 * @param passwordCheckWaitMillis   how long a check over that ceiling waits for a turn before it is refused (503)
 * @param passwordHashIterations    the PBKDF2 iterations of the users' hashes, which a login with an unknown user name
 *                                  is made to cost as well
 */
public record AuthSettings(long credentialCacheTtlSeconds, int credentialCacheSize, boolean requireTls,
                           int passwordChecks, long passwordCheckWaitMillis, int passwordHashIterations) {

    public static final String PREFIX = "auth";
    public static final List<String> KEYS = List.of("credential-cache.ttl-seconds", "credential-cache.size", "require-tls",
            "password-checks.concurrent", "password-checks.wait-ms", "password-hash.iterations");

    public static AuthSettings read(Config config) {
        return read(Settings.of(PREFIX, config));
    }

    public static AuthSettings read(Settings settings) {
        settings.refuseUnknown(KEYS);
        return new AuthSettings(settings.number("credential-cache.ttl-seconds", 0, 86_400),
                (int) settings.number("credential-cache.size", 0, 10_000_000), settings.flag("require-tls"),
                settings.optional("password-checks.concurrent").isPresent()
                        ? (int) settings.number("password-checks.concurrent", 1, 10_000) : Runtime.getRuntime().availableProcessors(),
                settings.number("password-checks.wait-ms", 0, 60_000),
                // 1024: the least Jakarta Security's Pbkdf2PasswordHash makes a hash with.
                (int) settings.number("password-hash.iterations", 1_024, 10_000_000));
    }

    boolean cachesCredentials() {
        return credentialCacheTtlSeconds > 0 && credentialCacheSize > 0;
    }
}
