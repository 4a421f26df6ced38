package com.continentsapi.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/** The authentication settings, read once; a wrong one stops the deployment instead of the first request. */
@ApplicationScoped
public class AuthSettingsProducer {

    private static final Logger LOG = Logger.getLogger(AuthSettingsProducer.class.getName());

    @Inject
    Config config;

    @Produces
    @Singleton
    AuthSettings authSettings() {
        return AuthSettings.read(config);
    }

    void validateAtStart(@Observes @Initialized(ApplicationScoped.class) Object started, AuthSettings settings) {
        LOG.fine(() -> "Authentication: " + settings);
    }
}
