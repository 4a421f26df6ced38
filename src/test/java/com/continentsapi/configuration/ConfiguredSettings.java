package com.continentsapi.configuration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings the app would read with these variables set, as MicroProfile Config serves them: a dotted key or
 * its environment variable, else the default in microprofile-config.properties.
 */
public final class ConfiguredSettings {

    private ConfiguredSettings() {
    }

    /** @param overrides environment variables ({@code REDIS_URL}) or dotted keys ({@code redis.url}) */
    public static Settings of(String prefix, Map<String, String> overrides) {
        Properties defaults = defaults();
        Set<String> names = new TreeSet<>(defaults.stringPropertyNames());
        names.addAll(overrides.keySet());
        return new Settings(prefix, key -> Optional.ofNullable(overrides.getOrDefault(key,
                overrides.getOrDefault(Settings.variable(key), defaults.getProperty(key)))), names);
    }

    public static Properties defaults() {
        Properties defaults = new Properties();
        try (InputStream in = ConfiguredSettings.class.getClassLoader().getResourceAsStream("META-INF/microprofile-config.properties")) {
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return defaults;
    }
}
