package com.continentsapi.health;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready from the moment the JVM is asked to stop (SIGTERM). Payara Micro's {@code --shutdowngrace} keeps
 * serving for the grace period before it stops, so requests in flight finish; new ones keep coming too, unless
 * the load balancer learns from this check to send them elsewhere (server-config/README.md, "Stopping gracefully").
 * A JVM shutdown hook because no Jakarta EE event announces a shutdown before the undeployment itself.
 */
@Readiness
@ApplicationScoped
public class ShutdownReadiness implements HealthCheck {

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Thread hook = new Thread(() -> stopping.set(true), "continents-not-ready");

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** An undeployment without a shutdown must not leave the hook, and with it this application's class loader, behind. */
    @PreDestroy
    void unregister() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownRunning) {
            // the JVM is stopping: the hook has run or is running, and goes away with the JVM
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("shutdown").status(!stopping.get()).build();
    }
}
