package com.continentsapi;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
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

    /** The same WAR with some MicroProfile Config defaults changed, as an operator's settings would. */
    public static WebArchive war(String... overrides) {
        WebArchive war = war();
        String config = "/WEB-INF/classes/META-INF/microprofile-config.properties";
        String defaults;
        try (InputStream in = war.get(config).getAsset().openStream()) {
            defaults = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        war.delete(config);
        return war.add(new StringAsset(defaults + "\n" + String.join("\n", overrides) + "\n"), config);
    }
}
