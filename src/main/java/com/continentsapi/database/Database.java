package com.continentsapi.database;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import javax.sql.DataSource;

/**
 * The DataSource of the app's own queries: the server configures it (server-config/), the WAR only refers to it.
 * The identity store (security/BasicAuthentication) names the same resource in its annotation, as it must.
 */
@ApplicationScoped
public class Database {

    @Produces
    @Resource(lookup = "java:comp/env/jdbc/countries")
    DataSource countries;
}
