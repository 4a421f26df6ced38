package com.continentsapi.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * {@code auth_password_checks_ceiling}, {@code auth_password_checks_most_at_once} (since the start) and
 * {@code auth_password_checks_refused} (503s), registered at start-up where the server has MicroProfile Metrics
 * (Payara). Elsewhere (WildFly) CDI skips this class, which it cannot load, and the checks are not measured.
 */
@ApplicationScoped
public class PasswordCheckMetrics {

    @Inject
    MetricRegistry registry;

    void watch(@Observes @Initialized(ApplicationScoped.class) Object started, PasswordChecks checks) {
        registry.gauge(described("auth.password.checks.ceiling", "Password checks (PBKDF2) allowed to run at once on this instance"),
                checks, PasswordChecks::ceiling);
        registry.gauge(described("auth.password.checks.most.at.once", "The most password checks that ran at once since the start"),
                checks, PasswordChecks::mostAtOnce);
        registry.gauge(described("auth.password.checks.refused", "Logins refused with 503 because no password check turn came in time"),
                checks, PasswordChecks::refused);
    }

    private static Metadata described(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).build();
    }
}
