package com.continentsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * Every setting the app reads has its default in microprofile-config.properties and a row in the README's
 * configuration table, and nothing is defaulted or documented that the app does not read.
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
    void everyKeyReadIsInTheReadmesTableAndEveryVariableThereIsRead() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher variable = Pattern.compile("`((RATELIMIT|REDIS|AUTH|CORS)_[A-Z0-9_]+)`").matcher(configurationTable());
        while (variable.find()) {
            documented.add(variable.group(1));
        }
        assertEquals(read().stream().map(Settings::variable).collect(Collectors.toCollection(TreeSet::new)), documented);
    }

    /** The table's first column, under the heading "Configuration". */
    static String configurationTable() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Configuration"));
        section = section.substring(0, section.indexOf("\n## ", 3));
        return section.lines().filter(line -> line.startsWith("| `"))
                .map(line -> line.substring(0, line.indexOf(" |", 2))).collect(Collectors.joining("\n"));
    }
}
