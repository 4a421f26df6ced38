package com.continentsapi.cors;

import com.continentsapi.configuration.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * Everything under {@code cors.} ({@code CORS_}), read and checked once at deployment.
 *
 * @param allowedOrigins the origins whose pages may call the API, as browsers send them (RFC 6454: lower-case
 *                       scheme and host, a port only when given, no path); none means CORS is off. No wildcard and
 *                       no "null": answers carry each caller's quota, so only origins an operator named may read them.
 */
public record CorsSettings(Set<String> allowedOrigins) {

    public static final String PREFIX = "cors";
    public static final List<String> KEYS = List.of("allowed-origins");

    public CorsSettings {
        allowedOrigins = Set.copyOf(allowedOrigins);
    }

    public static CorsSettings read(Config config) {
        return read(Settings.of(PREFIX, config));
    }

    public static CorsSettings read(Settings settings) {
        settings.refuseUnknown(KEYS);
        return new CorsSettings(settings.list("allowed-origins").stream()
                .map(origin -> origin(settings, origin))
                .collect(Collectors.toSet()));
    }

    public boolean enabled() {
        return !allowedOrigins.isEmpty();
    }

    public boolean allows(String origin) {
        return origin != null && allowedOrigins.contains(origin);
    }

    private static String origin(Settings settings, String configured) {
        URI uri;
        try {
            uri = new URI(configured);
        } catch (URISyntaxException e) {
            throw invalid(settings, configured);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty()) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(settings, configured);
        }
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private static IllegalStateException invalid(Settings settings, String configured) {
        return settings.invalid("allowed-origins", "takes exact origins such as https://app.example.com or"
                + " http://localhost:3000 (no path, no wildcard, not null), got '" + configured + "'");
    }
}
