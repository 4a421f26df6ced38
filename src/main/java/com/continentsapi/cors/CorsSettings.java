package com.continentsapi.cors;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The origins whose pages may call the API (cors.allowed-origins): exact origins such as https://app.example.com,
 * comma-separated; none means CORS is off. No wildcard and no "null": answers carry credentials-dependent data
 * (each caller's quota), so only origins an operator named may read them.
 */
public record CorsSettings(Set<String> allowedOrigins) {

    public CorsSettings {
        allowedOrigins = Set.copyOf(allowedOrigins);
    }

    public static CorsSettings parse(Optional<String> commaSeparated) {
        return new CorsSettings(commaSeparated.stream()
                .flatMap(list -> Arrays.stream(list.split(",")))
                .map(String::strip)
                .filter(origin -> !origin.isEmpty())
                .map(CorsSettings::origin)
                .collect(Collectors.toSet()));
    }

    public boolean enabled() {
        return !allowedOrigins.isEmpty();
    }

    public boolean allows(String origin) {
        return origin != null && allowedOrigins.contains(origin);
    }

    /** An origin as browsers serialize it (RFC 6454): lower-case scheme and host, a port only when given, no path. */
    private static String origin(String configured) {
        URI uri;
        try {
            uri = new URI(configured);
        } catch (URISyntaxException e) {
            throw invalid(configured);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty()) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(configured);
        }
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private static IllegalStateException invalid(String configured) {
        return new IllegalStateException("CORS configuration: cors.allowed-origins takes exact origins such as"
                + " https://app.example.com or http://localhost:3000 (no path, no wildcard, not null), got '" + configured + "'");
    }
}
