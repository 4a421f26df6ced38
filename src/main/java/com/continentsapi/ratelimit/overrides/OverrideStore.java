package com.continentsapi.ratelimit.overrides;

import com.continentsapi.ratelimit.entity.PolicyOverride;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The record of the overrides: the table rate_limit_overrides. Expired ones are read as absent and purged on a full read. */
@ApplicationScoped
public class OverrideStore {

    private static final String COLUMNS = "SELECT username, policy, limit_units, window_seconds, burst, expires_at FROM rate_limit_overrides";

    @Inject
    DataSource dataSource;

    public boolean userExists(String user) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT 1 FROM users WHERE username = ?")) {
            query.setString(1, user);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    public List<PolicyOverride> of(String user, long nowEpochMillis) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(COLUMNS + " WHERE username = ? AND (expires_at IS NULL OR expires_at > ?)")) {
            query.setString(1, user);
            query.setLong(2, nowEpochMillis);
            return read(query).getOrDefault(user, List.of());
        }
    }

    /** Every user's overrides in force, by user; expired ones are deleted on the way. */
    public Map<String, List<PolicyOverride>> all(long nowEpochMillis) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement purge = connection.prepareStatement("DELETE FROM rate_limit_overrides WHERE expires_at <= ?");
             PreparedStatement query = connection.prepareStatement(COLUMNS + " WHERE expires_at IS NULL OR expires_at > ?")) {
            purge.setLong(1, nowEpochMillis);
            purge.executeUpdate();
            query.setLong(1, nowEpochMillis);
            return read(query);
        }
    }

    /** Sets this user's override of its policy, replacing any other. */
    public void put(String user, PolicyOverride override) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM rate_limit_overrides WHERE username = ? AND policy = ?");
                 PreparedStatement insert = connection.prepareStatement("INSERT INTO rate_limit_overrides"
                         + " (username, policy, limit_units, window_seconds, burst, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                delete.setString(1, user);
                delete.setString(2, override.policy());
                delete.executeUpdate();
                insert.setString(1, user);
                insert.setString(2, override.policy());
                insert.setLong(3, override.limit());
                setNullable(insert, 4, override.window());
                setNullable(insert, 5, override.burst());
                setNullable(insert, 6, override.expiresAt());
                insert.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /** False when there was none. */
    public boolean delete(String user, String policy) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM rate_limit_overrides WHERE username = ? AND policy = ?")) {
            delete.setString(1, user);
            delete.setString(2, policy);
            return delete.executeUpdate() > 0;
        }
    }

    private static Map<String, List<PolicyOverride>> read(PreparedStatement query) throws SQLException {
        Map<String, List<PolicyOverride>> byUser = new HashMap<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                String user = new String(rows.getBytes("username"), StandardCharsets.UTF_8);
                byUser.computeIfAbsent(user, any -> new ArrayList<>()).add(new PolicyOverride(rows.getString("policy"), rows.getLong("limit_units"),
                        rows.getObject("window_seconds", Long.class), rows.getObject("burst", Long.class), rows.getObject("expires_at", Long.class)));
            }
        }
        return byUser;
    }

    private static void setNullable(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
