package com.continentsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.configuration.ConfiguredSettings;
import com.continentsapi.configuration.Settings;
import com.continentsapi.cors.CorsSettings;
import com.continentsapi.ratelimit.control.RateLimitSettings;
import com.continentsapi.ratelimit.redis.RedisSettings;
import com.continentsapi.security.AuthSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every setting the app reads has its default in microprofile-config.properties and a row in the configuration
 * reference (server-config/CONFIGURATION.md), and nothing is defaulted or documented that the app does not read.
 */
class SettingsKeysTest {

    /** The fixed keys each settings record reads, by prefix. */
    static final Map<String, List<String>> READ = Map.of(
            RateLimitSettings.PREFIX, RateLimitSettings.KEYS,
            RedisSettings.PREFIX, RedisSettings.KEYS,
            AuthSettings.PREFIX, AuthSettings.KEYS,
            CorsSettings.PREFIX, CorsSettings.KEYS);

    static Set<String> read() {
        return READ.entrySet().stream().flatMap(prefix -> Settings.dotted(prefix.getKey(), prefix.getValue()).stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static boolean owned(String key) {
        return READ.keySet().stream().anyMatch(prefix -> key.startsWith(prefix + "."));
    }

    @Test
    void everyKeyReadHasADefaultAndEveryDefaultIsRead() {
        Set<String> defaulted = ConfiguredSettings.defaults().stringPropertyNames().stream()
                .filter(SettingsKeysTest::owned).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(read(), defaulted);
    }

    @Test
    void everyKeyReadIsInTheReferenceAndEveryVariableThereIsRead() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher variable = Pattern.compile("`((RATELIMIT|REDIS|AUTH|CORS)_[A-Z0-9_]+)`").matcher(firstColumns(Path.of("server-config/CONFIGURATION.md")));
        while (variable.find()) {
            documented.add(variable.group(1));
        }
        assertEquals(read().stream().map(Settings::variable).collect(Collectors.toCollection(TreeSet::new)), documented);
    }

    @Test
    void theReadmesMustSetVariablesAreInTheReference() throws IOException {
        Set<String> inReadme = variables(firstColumns(Path.of("README.md")));
        Set<String> inReference = variables(firstColumns(Path.of("server-config/CONFIGURATION.md")));
        assertTrue(inReadme.size() >= 3 && inReference.containsAll(inReadme), () -> "README's table " + inReadme + ", reference " + inReference);
    }

    static Set<String> variables(String text) {
        Set<String> found = new TreeSet<>();
        Matcher variable = Pattern.compile("`([A-Z][A-Z0-9]*_[A-Z0-9_]+)`").matcher(text);
        while (variable.find()) {
            found.add(variable.group(1));
        }
        return found;
    }

    /** The first column of every table row in the file. */
    static String firstColumns(Path file) throws IOException {
        return Files.readString(file).lines().filter(line -> line.startsWith("| `"))
                .map(line -> line.substring(0, line.indexOf(" |", 2))).collect(Collectors.joining("\n"));
    }
}
