package com.continentsapi.stack;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Adds API users the documented way: the hash from server-config/mysql/HashPassword.java, the row from add-user.sql. */
public final class Users {

    private static final Map<String, String> HASHES = new ConcurrentHashMap<>();

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

    /** A new user on this plan (a rate limit plan of the deployment, e.g. Deployments.ROOMY). */
    public String fresh(String prefix, String password, String plan) throws Exception {
        String name = fresh(prefix, password);
        set(name, "user", plan);
        return name;
    }

    public void add(String name, String password) throws Exception {
        String hash = HASHES.computeIfAbsent(password, Users::hash);
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

    /** Runs the operator's command, password on standard input; one run per password (it takes a JVM start). */
    private static String hash(String password) {
        String java = ProcessHandle.current().info().command().orElse("java");
        try {
            Process process = new ProcessBuilder(java, Stack.file("server-config/mysql/HashPassword.java").toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try (OutputStream in = process.getOutputStream()) {
                in.write((password + "\n").getBytes(StandardCharsets.UTF_8));
            }
            String hash = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor() != 0 || hash.isEmpty()) {
                throw new IllegalStateException("HashPassword.java failed");
            }
            return hash;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
