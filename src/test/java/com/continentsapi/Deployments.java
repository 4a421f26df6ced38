package com.continentsapi;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The integration tests deploy the WAR the build produced, not a hand-picked subset of it. */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive war() {
        return ShrinkWrap.create(ZipImporter.class, "continents.war")
                .importFrom(new File(System.getProperty("stack.basedir", "."), "target/continents.war"))
                .as(WebArchive.class);
    }
}
