package com.continentsapi.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts MariaDB and Redis once for the integration tests (Failsafe sets stack.start), before Arquillian boots
 * Payara Micro against them, and stops them when the tests end. Ports and the app's database password come
 * from the build, which hands the same values to Payara Micro as DB_URL, DB_PASSWORD and REDIS_URL.
 */
public class StackSession implements LauncherSessionListener {

    private static Stack stack;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!Boolean.getBoolean("stack.start") || stack != null) {
            return;
        }
        try {
            Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
            stack = Stack.start(Path.of(System.getProperty("stack.dir")),
                    Integer.getInteger("stack.db.port"),
                    Integer.getInteger("stack.redis.port"),
                    System.getenv("DB_PASSWORD"));
        } catch (Exception e) {
            throw new IllegalStateException("Could not start MariaDB and Redis for the integration tests", e);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (stack != null) {
            try {
                stack.close();
            } catch (Exception e) {
                System.err.println("Stopping the stack: " + e);
            }
            stack = null;
        }
    }

    public static Stack stack() {
        if (stack == null) {
            throw new IllegalStateException("No stack: integration tests run with stack.start=true (./mvnw verify)");
        }
        return stack;
    }
}
