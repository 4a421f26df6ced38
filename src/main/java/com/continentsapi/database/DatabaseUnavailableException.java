package com.continentsapi.database;

import jakarta.ws.rs.ServiceUnavailableException;
import java.sql.SQLException;

/** The database did not answer: 503, and a client may try again after a short wait. */
public class DatabaseUnavailableException extends ServiceUnavailableException {

    public static final long RETRY_AFTER_SECONDS = 5;

    public DatabaseUnavailableException(SQLException cause) {
        super("The database is unavailable; try again shortly.", RETRY_AFTER_SECONDS, cause);
    }
}
