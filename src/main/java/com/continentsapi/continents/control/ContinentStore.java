package com.continentsapi.continents.control;

import com.continentsapi.continents.entity.Continent;
import com.continentsapi.database.DatabaseUnavailableException;
import com.continentsapi.problems.Outage;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;

@ApplicationScoped
public class ContinentStore {

    private static final Logger LOG = Logger.getLogger(ContinentStore.class.getName());
    private final Outage outage = new Outage(LOG, "The continents database", "data requests are answered 503");

    @Inject
    DataSource dataSource;

    public List<Continent> all() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT continent_id, continent_name FROM continents ORDER BY continent_id");
             ResultSet rows = statement.executeQuery()) {
            List<Continent> continents = new ArrayList<>();
            while (rows.next()) {
                continents.add(read(rows));
            }
            outage.answered();
            return continents;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    public Optional<Continent> byId(long id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT continent_id, continent_name FROM continents WHERE continent_id = ?")) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                Optional<Continent> continent = rows.next() ? Optional.of(read(rows)) : Optional.empty();
                outage.answered();
                return continent;
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** A database out of reach is an outage (503); a query it rejects is this app's fault (500). */
    private RuntimeException unavailable(SQLException cause) {
        if (!DatabaseUnavailableException.unreachable(cause)) {
            return new IllegalStateException("The continents query failed", cause);
        }
        outage.failed(cause);
        return new DatabaseUnavailableException(cause);
    }

    private static Continent read(ResultSet row) throws SQLException {
        return new Continent(row.getLong("continent_id"), row.getString("continent_name"));
    }
}
