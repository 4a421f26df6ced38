package com.continentsapi.database;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the database answers: without it every data request is a 503. */
@Readiness
@ApplicationScoped
public class DatabaseHealth implements HealthCheck {

    /** A probe has to answer before the orchestrator's own timeout, typically a few seconds. */
    private static final int VALIDATION_TIMEOUT_SECONDS = 1;

    @Inject
    DataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = dataSource.getConnection()) {
            return HealthCheckResponse.named("database").status(connection.isValid(VALIDATION_TIMEOUT_SECONDS)).build();
        } catch (SQLException e) {
            // The exception's class, not its message: messages can name hosts and users, and probes are public.
            return HealthCheckResponse.named("database").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
