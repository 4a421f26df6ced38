package com.continentsapi.stack;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.ToolProvider;

/** Adds API users the documented way: the hash from server-config/mysql/HashPassword.java, the row from add-user.sql. */
public final class Users {

    private static final Map<String, String> HASHES = new ConcurrentHashMap<>();
    /**
     * PBKDF2 iterations of the users' hashes: the operator's 210,000 unless the build asks for fewer. The
     * integration tests do (stack.password-iterations): a verification then costs a millisecond, not a few hundred,
     * and hundreds of test logins no longer hold up the run. Where the cost is the point, a test asks for it
     * (freshWithCostlyHash). The dev stack keeps the operator's cost.
     */
    private static final int ITERATIONS = Integer.getInteger("stack.password-iterations", 210_000);

    private final EmbeddedMariaDb db;

    Users(EmbeddedMariaDb db) {
        this.db = db;
    }

    /** A new user, named after the test that needs it, so that no test spends another's quota. */
    public String fresh(String prefix, String password) throws Exception {
        String name = prefix + "-" + java.util.UUID.randomUUID();
        add(name, password);
        return name;
    }

    /** A new user whose hash costs what the operator's command makes it cost (210,000 iterations). */
    public String freshWithCostlyHash(String prefix, String password) throws Exception {
        String name = prefix + "-" + java.util.UUID.randomUUID();
        insert(name, hash(password, 210_000));
        return name;
    }

    /** Many new users sharing one costly hash (210,000 iterations), made once: each login costs what the operator's does. */
    public List<String> freshWithCostlyHash(String prefix, String password, int count) throws Exception {
        String hash = hash(password, 210_000);
        List<String> names = new ArrayList<>();
        try (Connection admin = db.admin()) {
            for (int i = 0; i < count; i++) {
                String name = prefix + "-" + java.util.UUID.randomUUID();
                SqlScript.run(admin, Stack.file("server-config/mysql/add-user.sql"), "name", name, "hash", hash);
                names.add(name);
            }
        }
        return names;
    }

    /** A new user on this plan (a rate limit plan of the deployment, e.g. Deployments.ROOMY). */
    public String fresh(String prefix, String password, String plan) throws Exception {
        String name = fresh(prefix, password);
        set(name, "user", plan);
        return name;
    }

    public void add(String name, String password) throws Exception {
        insert(name, HASHES.computeIfAbsent(password, secret -> hash(secret, ITERATIONS)));
    }

    /** As an operator adds a user: server-config/mysql/add-user.sql. */
    private void insert(String name, String hash) throws Exception {
        try (Connection admin = db.admin()) {
            SqlScript.run(admin, Stack.file("server-config/mysql/add-user.sql"), "name", name, "hash", hash);
        }
    }

    /** Gives a user a role (user, admin) and a plan (null: the default policies), as an operator would with SQL. */
    public void set(String name, String role, String plan) throws Exception {
        try (Connection admin = db.admin();
             PreparedStatement update = admin.prepareStatement("UPDATE countries.users SET role = ?, plan = ? WHERE username = ?")) {
            update.setString(1, role);
            update.setString(2, plan);
            update.setBytes(3, name.getBytes(StandardCharsets.UTF_8));
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("No user " + name);
            }
        }
    }

    /**
     * The operator's command, server-config/mysql/HashPassword.java, compiled once per test run and called for each
     * password: a JVM start per password took seconds each.
     */
    private static String hash(String password, int iterations) {
        try {
            return (String) HashPasswordCommand.HASH.invoke(null, password, iterations);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("HashPassword.java failed", e);
        }
    }

    private static final class HashPasswordCommand {

        static final Method HASH = compile();

        private static Method compile() {
            try {
                Path classes = Files.createTempDirectory("hash-password");
                Path source = Stack.file("server-config/mysql/HashPassword.java");
                if (ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString()) != 0) {
                    throw new IllegalStateException("Cannot compile " + source);
                }
                URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, Users.class.getClassLoader());
                return loader.loadClass("HashPassword").getMethod("hash", String.class, int.class);
            } catch (IOException | ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
