package com.continentsapi.continents.control;

import com.continentsapi.continents.entity.Continent;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

@ApplicationScoped
public class ContinentStore {

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
            return continents;
        } catch (SQLException e) {
            throw new DatabaseUnavailableException(e);
        }
    }

    public Optional<Continent> byId(long id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT continent_id, continent_name FROM continents WHERE continent_id = ?")) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException(e);
        }
    }

    private static Continent read(ResultSet row) throws SQLException {
        return new Continent(row.getLong("continent_id"), row.getString("continent_name"));
    }
}
