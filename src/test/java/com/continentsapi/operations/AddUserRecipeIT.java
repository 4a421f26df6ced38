package com.continentsapi.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.StandardDeployment;
import com.continentsapi.stack.EmbeddedMariaDb;
import com.continentsapi.stack.StackSession;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The add-user recipe of server-config/mysql/README.md, the lines as written there, run by bash from the repository
 * root with the name and password on standard input and MYSQL set to a client of the build's MariaDB, logged in as
 * an administrator who may only add users. The user it adds then calls the API on the standard deployment.
 */
class AddUserRecipeIT extends StandardDeployment {

    static final Path PROJECT = Path.of(System.getProperty("stack.basedir", "."));
    static final String ADMIN = "recipe_admin";
    /** A space at the end, quotes, a backslash and a non-ASCII letter: each must reach the hash as typed. */
    static final String PASSWORD = "it's a \"pass\\wörd\" ";

    String adminPassword;

    @BeforeEach
    void administratorWhoMayOnlyAddUsers() throws Exception {
        adminPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        try (Connection admin = StackSession.stack().db().admin(); Statement sql = admin.createStatement()) {
            sql.execute("DROP USER IF EXISTS '" + ADMIN + "'@'127.0.0.1'");
            try (PreparedStatement create = admin.prepareStatement("CREATE USER '" + ADMIN + "'@'127.0.0.1' IDENTIFIED BY ?")) {
                create.setString(1, adminPassword);
                create.execute();
            }
            sql.execute("GRANT INSERT ON countries.users TO '" + ADMIN + "'@'127.0.0.1'");
        }
    }

    @AfterEach
    void dropTheAdministrator() throws Exception {
        try (Connection admin = StackSession.stack().db().admin(); Statement sql = admin.createStatement()) {
            sql.execute("DROP USER IF EXISTS '" + ADMIN + "'@'127.0.0.1'");
        }
    }

    /** Quotes, a backslash, spaces, non-ASCII letters and SQL: a recipe that changes one byte of it fails the login. */
    @Test
    void theUserTheRecipeAddsCallsTheApiUnderTheNameAndPasswordTyped() throws Exception {
        String name = "o'brien \"Zoë\" \\ ; DROP TABLE users; -- " + UUID.randomUUID();

        String output = runRecipe(name + "\n" + PASSWORD + "\n");

        Api api = new Api(base);
        assertEquals(200, api.get("continents", name, PASSWORD).statusCode(), "the recipe said: " + output);
        assertEquals(401, api.get("continents", name, PASSWORD.strip()).statusCode(), "the password is the one typed, to the last byte");
    }

    private String runRecipe(String typed) throws Exception {
        String recipe = Recipe.of(PROJECT.resolve("server-config/mysql/README.md"), "add-user");
        EmbeddedMariaDb db = StackSession.stack().db();
        String java = ProcessHandle.current().info().command().map(command -> Path.of(command).getParent().toString()).orElseThrow();

        ProcessBuilder bash = new ProcessBuilder("bash", "-c", recipe).directory(PROJECT.toFile()).redirectErrorStream(true);
        bash.environment().put("PATH", java + ":" + System.getenv("PATH"));
        bash.environment().put("MYSQL", "'" + db.client() + "' --no-defaults --protocol=tcp -h 127.0.0.1 -P " + db.port()
                + " -u " + ADMIN + " -p" + adminPassword);
        Process run = bash.start();
        try (OutputStream in = run.getOutputStream()) {
            in.write(typed.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(120, TimeUnit.SECONDS), "the recipe is still running: " + output);
        assertEquals(0, run.exitValue(), "the recipe failed:\n" + recipe + "\nsaying:\n" + output);
        return output;
    }
}
