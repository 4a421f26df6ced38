package com.continentsapi.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Runs an operator's SQL file from server-config/mysql, after setting its @variables: what the docs tell operators to do. */
final class SqlScript {

    private SqlScript() {
    }

    static void run(Connection connection, Path file, String... variablesAndValues) throws IOException, SQLException {
        for (int i = 0; i < variablesAndValues.length; i += 2) {
            try (PreparedStatement set = connection.prepareStatement("SET @" + variablesAndValues[i] + " = ?")) {
                set.setString(1, variablesAndValues[i + 1]);
                set.execute();
            }
        }
        String withoutComments = Files.readAllLines(file).stream()
                .filter(line -> !line.strip().startsWith("--"))
                .collect(Collectors.joining("\n"));
        try (Statement statement = connection.createStatement()) {
            for (String sql : Arrays.stream(withoutComments.split(";\\s*\n")).map(String::strip).filter(s -> !s.isEmpty()).toList()) {
                statement.execute(sql);
            }
        }
    }
}
