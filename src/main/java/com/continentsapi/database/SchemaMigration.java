package com.continentsapi.database;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Brings an empty (or older) database to the schema this version needs before the first request. */
@ApplicationScoped
public class SchemaMigration {

    /** The database may start after the app (compose, Kubernetes): keep trying for about a minute (1+2+4+8+6x10 s). */
    private static final int CONNECT_RETRIES = 10;
    private static final int MAX_SECONDS_BETWEEN_RETRIES = 10;

    @Inject
    DataSource dataSource;

    void migrate(@Observes @Initialized(ApplicationScoped.class) Object started) {
        Flyway.configure(SchemaMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .connectRetries(CONNECT_RETRIES)
                .connectRetriesInterval(MAX_SECONDS_BETWEEN_RETRIES)
                .load()
                .migrate();
    }
}
