package com.continentsapi.continents.control;

import jakarta.ws.rs.ServiceUnavailableException;
import java.sql.SQLException;

public class DatabaseUnavailableException extends ServiceUnavailableException {

    private static final long RETRY_AFTER_SECONDS = 5;

    public DatabaseUnavailableException(SQLException cause) {
        super("The continents database is unavailable; try again shortly.", RETRY_AFTER_SECONDS, cause);
    }
}
