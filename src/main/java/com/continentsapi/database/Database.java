package com.continentsapi.database;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import javax.sql.DataSource;

/** The one place the DataSource is looked up: the server configures it (server-config/), the WAR only refers to it. */
@ApplicationScoped
public class Database {

    @Produces
    @Resource(lookup = "java:comp/env/jdbc/countries")
    DataSource countries;
}
