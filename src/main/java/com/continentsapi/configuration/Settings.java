package com.continentsapi.configuration;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.Config;

/**
 * The settings under one prefix the app owns ({@code ratelimit}, {@code redis}, {@code auth}), as MicroProfile
 * Config finds them: by dotted key or by environment variable ({@code redis.pool-size} or {@code REDIS_POOL_SIZE}).
 * Every key has its default in {@code META-INF/microprofile-config.properties}, where an empty value means "not
 * set". A name under the prefix that is not a known key stops the deployment and names the nearest known key:
 * a typo must not leave a default silently in force.
 */
public final class Settings {

    /**
     * What Kubernetes injects for a Service named like the prefix ({@code REDIS_SERVICE_HOST},
     * {@code REDIS_PORT=tcp://10.0.0.7:6379}, {@code REDIS_PORT_6379_TCP_ADDR}, ...) and Docker links inject
     * ({@code REDIS_NAME}, {@code REDIS_ENV_...}): never the app's, so never a typo.
     */
    private static final Pattern SERVICE_LINK = Pattern.compile(
            "[A-Z0-9_]+_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_\\d+_(TCP|UDP|SCTP)(_(ADDR|PORT|PROTO))?)?|NAME|ENV_[A-Z0-9_]+)");

    private final String prefix;
    private final Function<String, Optional<String>> values;
    private final Iterable<String> names;

    /**
     * @param prefix the owned prefix without its dot, e.g. {@code redis}
     * @param values a setting by its dotted key (MicroProfile Config also finds it in the environment)
     * @param names  every name the configuration sources know, dotted or as environment variables
     */
    public Settings(String prefix, Function<String, Optional<String>> values, Iterable<String> names) {
        this.prefix = prefix;
        this.values = values;
        this.names = names;
    }

    public static Settings of(String prefix, Config config) {
        return new Settings(prefix, key -> config.getOptionalValue(key, String.class), config.getPropertyNames());
    }

    /** The value of {@code prefix.key}, empty when not set or blank. */
    public Optional<String> optional(String key) {
        return values.apply(dotted(key)).map(String::strip).filter(value -> !value.isEmpty());
    }

    public String text(String key) {
        return optional(key).orElseThrow(() -> invalid(key, "is missing"));
    }

    public long number(String key) {
        String value = text(key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(key, "must be a whole number, got '" + value + "'");
        }
    }

    public long number(String key, long min, long max) {
        long value = number(key);
        if (value < min || value > max) {
            throw invalid(key, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** A decimal from 0 to 1, e.g. {@code 0.2}. */
    public double fraction(String key) {
        String value = text(key);
        BigDecimal fraction;
        try {
            fraction = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw invalid(key, "must be a decimal from 0 to 1, got '" + value + "'");
        }
        if (fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
            throw invalid(key, "must be from 0 to 1, got " + value);
        }
        return fraction.doubleValue();
    }

    public boolean flag(String key) {
        return choice(key, "true", "false").equals("true");
    }

    /** One of the allowed values, compared without regard to case. */
    public String choice(String key, String... allowed) {
        String value = text(key);
        return Arrays.stream(allowed).filter(value::equalsIgnoreCase).findFirst()
                .orElseThrow(() -> invalid(key, "must be " + String.join(" or ", allowed) + ", got '" + value + "'"));
    }

    /** A comma-separated list, its items stripped, empty ones dropped. */
    public List<String> list(String key) {
        return optional(key).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .toList();
    }

    /** A message that names the setting both ways, e.g. {@code redis.pool-size (REDIS_POOL_SIZE) must be ...}. */
    public IllegalStateException invalid(String key, String problem) {
        return new IllegalStateException("Configuration: " + dotted(key) + " (" + variable(dotted(key)) + ") " + problem);
    }

    /**
     * Stops the deployment when a name under the prefix is none of {@code known} (keys without the prefix).
     * Dotted names are compared with dotted keys, environment variables with the keys' variable names.
     */
    public void refuseUnknown(Collection<String> known) {
        List<String> dottedKeys = known.stream().map(this::dotted).toList();
        List<String> variables = dottedKeys.stream().map(Settings::variable).toList();
        String variablePrefix = variable(prefix) + "_";
        for (String name : StreamSupport.stream(names.spliterator(), false).sorted().toList()) {
            List<String> candidates = name.startsWith(prefix + ".") ? dottedKeys
                    : name.startsWith(variablePrefix) && !SERVICE_LINK.matcher(name).matches() ? variables : null;
            if (candidates != null && !candidates.contains(name)) {
                throw new IllegalStateException("Configuration: " + name + " is not a setting of this app; did you mean "
                        + nearest(name, candidates) + "?");
            }
        }
    }

    /** The environment variable MicroProfile Config reads for a key: {@code redis.pool-size} is {@code REDIS_POOL_SIZE}. */
    public static String variable(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** The known keys, as dotted names under a prefix: what a test compares with the documentation. */
    public static Set<String> dotted(String prefix, Collection<String> keys) {
        return keys.stream().map(key -> prefix + "." + key).collect(Collectors.toUnmodifiableSet());
    }

    private String dotted(String key) {
        return prefix + "." + key;
    }

    private static String nearest(String name, List<String> candidates) {
        return candidates.stream().min(Comparator.comparingInt(candidate -> distance(name, candidate))).orElse("(none)");
    }

    /** Levenshtein's edit distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
