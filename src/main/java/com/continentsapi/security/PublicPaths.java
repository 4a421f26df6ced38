package com.continentsapi.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/**
 * The probes, the API description and its page, which a server may serve inside this application (Payara Micro
 * does): open to load balancers, monitoring and people reading the docs without credentials, and never counted
 * against a quota. Everything else needs a caller (web.xml has no constraint; see there why).
 */
final class PublicPaths {

    private static final List<String> PUBLIC = List.of("/health", "/openapi", "/docs", "/metrics");

    private PublicPaths() {
    }

    /**
     * The container's decoded, normalised path is used, never the raw URI, so {@code /health/..;/continents}
     * cannot pass as public.
     */
    static boolean contain(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return PUBLIC.stream().anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"));
    }
}
