package com.continentsapi.cors;

import com.continentsapi.problems.Problem;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Cross-origin access (the Fetch standard's CORS protocol) for the origins in cors.allowed-origins, off when there
 * are none. Authentication calls it first for every request, so its fields are on every answer, 401, 429 and 503
 * included, and a preflight is answered before credentials, the limiter or a resource are involved.
 */
@ApplicationScoped
public class Cors {

    /** Without these a browser hides the limiter's fields from the page, which then cannot back off as they say. */
    static final String EXPOSED = "RateLimit, RateLimit-Policy, Retry-After";
    static final Set<String> METHODS = Set.of("GET", "HEAD", "DELETE");
    static final String ALLOWED_METHODS = "GET, HEAD, DELETE";
    static final Set<String> REQUEST_HEADERS = Set.of("authorization", "if-none-match");
    static final String ALLOWED_HEADERS = "Authorization, If-None-Match";
    static final String MAX_AGE_SECONDS = "600";
    private static final Logger LOG = Logger.getLogger(Cors.class.getName());

    @Inject
    Config config;

    CorsSettings settings;

    @PostConstruct
    void init() {
        settings = CorsSettings.read(config);
    }

    /** An OPTIONS request with Origin and Access-Control-Request-Method, while CORS is on; browsers send it without credentials. */
    public boolean isPreflight(HttpServletRequest request) {
        return settings.enabled() && "OPTIONS".equals(request.getMethod())
                && request.getHeader("Origin") != null && request.getHeader("Access-Control-Request-Method") != null;
    }

    /** 204 with the permissions for an allowed origin, method and headers; otherwise 403 without any CORS field. */
    public void answerPreflight(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        String origin = request.getHeader("Origin");
        if (!settings.allows(origin)) {
            Problem.of(403, "This origin may not call the API from a browser.").writeTo(response);
        } else if (!METHODS.contains(request.getHeader("Access-Control-Request-Method"))) {
            Problem.of(403, "A page may call this API with " + ALLOWED_METHODS + " only.").writeTo(response);
        } else if (!requestHeadersAllowed(request.getHeader("Access-Control-Request-Headers"))) {
            Problem.of(403, "A page may send these request headers only: " + ALLOWED_HEADERS + ".").writeTo(response);
        } else {
            allow(response, origin);
            response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
            response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            response.setHeader("Access-Control-Max-Age", MAX_AGE_SECONDS);
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        }
    }

    /** The fields of an actual (not preflight) answer: set before anything else writes it, so every status has them. */
    public void addResponseFields(HttpServletRequest request, HttpServletResponse response) {
        if (!settings.enabled()) {
            return;
        }
        response.addHeader("Vary", "Origin");
        String origin = request.getHeader("Origin");
        if (settings.allows(origin)) {
            allow(response, origin);
            response.setHeader("Access-Control-Expose-Headers", EXPOSED);
        }
    }

    private static void allow(HttpServletResponse response, String origin) {
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Access-Control-Allow-Credentials", "true");
    }

    private static boolean requestHeadersAllowed(String requested) {
        return requested == null || Arrays.stream(requested.split(","))
                .map(header -> header.strip().toLowerCase(Locale.ROOT))
                .allMatch(header -> header.isEmpty() || REQUEST_HEADERS.contains(header));
    }

    /** Reads the setting at deployment, so a wrong origin stops the app instead of the first request. */
    void validateAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        LOG.fine(() -> "CORS allowed origins: " + settings.allowedOrigins());
    }
}
