package com.continentsapi.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.stack.EmbeddedMariaDb;
import com.continentsapi.stack.StackSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * server-config/compose/mysql-init.sh, which the MySQL image runs as its root on a new volume, run by sh against the
 * build's MariaDB. The script and its SQL file are the shipped ones but for the names of the database and the user
 * (the build's own must stay as they are) and the client: a stand-in for the image's mysql that logs in as a
 * temporary administrator of the build's MariaDB.
 */
class MysqlInitScriptIT {

    static final String DATABASE = "init_script_test";
    static final String USER = "init_script_user";
    static final String INJECTED = "init_script_injected";

    @TempDir
    Path dir;
    String adminPassword;

    @BeforeEach
    void temporaryAdministrator() throws Exception {
        adminPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        try (Connection admin = StackSession.stack().db().admin(); Statement sql = admin.createStatement()) {
            cleanUp(sql);
            try (PreparedStatement create = admin.prepareStatement("CREATE USER 'init_script_admin'@'127.0.0.1' IDENTIFIED BY ?")) {
                create.setString(1, adminPassword);
                create.execute();
            }
            sql.execute("GRANT ALL PRIVILEGES ON *.* TO 'init_script_admin'@'127.0.0.1' WITH GRANT OPTION");
        }
    }

    @AfterEach
    void dropEverything() throws Exception {
        try (Connection admin = StackSession.stack().db().admin(); Statement sql = admin.createStatement()) {
            cleanUp(sql);
        }
    }

    private static void cleanUp(Statement sql) throws Exception {
        sql.execute("DROP USER IF EXISTS 'init_script_admin'@'127.0.0.1', '" + USER + "'@'%'");
        sql.execute("DROP DATABASE IF EXISTS " + DATABASE);
        sql.execute("DROP DATABASE IF EXISTS " + INJECTED);
    }

    @Test
    void aPasswordWithQuotesAndBackslashesIsTheUsersPasswordAndNoSql() throws Exception {
        String password = "it's a \"pass\\word\"'; CREATE DATABASE " + INJECTED + "; -- ";

        String output = runInitScript(password);

        try (Connection asTheUser = DriverManager.getConnection(StackSession.stack().db().url(DATABASE), USER, password)) {
            assertTrue(asTheUser.isValid(5), "the user logs in with exactly that password");
        }
        try (Connection admin = StackSession.stack().db().admin();
             PreparedStatement databases = admin.prepareStatement("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?")) {
            databases.setString(1, INJECTED);
            try (ResultSet count = databases.executeQuery()) {
                count.next();
                assertEquals(0, count.getInt(1), "the text after the quote ran as SQL: " + output);
            }
        }
    }

    private String runInitScript(String password) throws Exception {
        EmbeddedMariaDb db = StackSession.stack().db();
        Path sql = dir.resolve("create-database.sql");
        Files.writeString(sql, replace(replace(Files.readString(shipped("server-config/mysql/create-database.sql")),
                "countries", DATABASE), "'continents'", "'" + USER + "'"));
        Path script = dir.resolve("mysql-init.sh");
        Files.writeString(script, replace(Files.readString(shipped("server-config/compose/mysql-init.sh")), "/continents/create-database.sql", sql.toString()));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path client = bin.resolve("mysql");
        Files.writeString(client, "#!/bin/sh\nexec '" + db.client() + "' --no-defaults --protocol=tcp -h 127.0.0.1 -P " + db.port()
                + " -u init_script_admin -p" + adminPassword + "\n");
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rwx------"));

        ProcessBuilder sh = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true);
        sh.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        sh.environment().put("DB_PASSWORD", password);
        sh.environment().put("MYSQL_ROOT_PASSWORD", "unused: the stand-in client logs in");
        Process run = sh.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, run.exitValue(), "mysql-init.sh failed: " + output);
        assertFalse(output.contains("ERROR"), output);
        return output;
    }

    private static Path shipped(String file) {
        return Path.of(System.getProperty("stack.basedir", ".")).resolve(file);
    }

    private static String replace(String text, String target, String replacement) {
        assertTrue(text.contains(target), "the shipped file no longer contains " + target);
        return text.replace(target, replacement);
    }
}
