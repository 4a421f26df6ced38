package com.continentsapi.database;

import jakarta.ws.rs.ServiceUnavailableException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** The database did not answer: 503, and a client may try again after a short wait. */
public class DatabaseUnavailableException extends ServiceUnavailableException {

    public static final long RETRY_AFTER_SECONDS = 5;

    public DatabaseUnavailableException(SQLException cause) {
        super("The database is unavailable; try again shortly.", RETRY_AFTER_SECONDS, cause);
    }

    /**
     * Whether this failure means the database could not be reached: a connection refused, lost or timed out
     * (SQLSTATE class 08, the transient and recoverable kinds), or no connection to be had from the server's pool
     * (a plain SQLException without SQLSTATE). A query the database rejected (bad SQL, missing table, a
     * privilege) is a fault of the app or its set-up, not an outage.
     */
    public static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLNonTransientConnectionException || cause instanceof SQLTransientException
                    || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && (sql.getSQLState() == null || sql.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }
}
