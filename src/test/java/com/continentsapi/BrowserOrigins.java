package com.continentsapi;

import java.net.URI;

/**
 * The origins the CORS tests call from. The build allows one (CORS_ALLOWED_ORIGINS, a reserved port on 127.0.0.1)
 * for every deployment; the same port under the name localhost is another origin, which it does not allow.
 */
public final class BrowserOrigins {

    private BrowserOrigins() {
    }

    public static String allowed() {
        String configured = System.getenv("CORS_ALLOWED_ORIGINS");
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("CORS_ALLOWED_ORIGINS is not set: run the integration tests through Maven");
        }
        return configured.split(",")[0].strip();
    }

    public static String disallowed() {
        return "http://localhost:" + port();
    }

    public static int port() {
        return URI.create(allowed()).getPort();
    }
}
