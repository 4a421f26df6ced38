package com.continentsapi.security;

import com.continentsapi.problems.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * With {@code auth.require-tls}, a request that carries an {@code Authorization} header but did not arrive over TLS
 * is refused before anything looks at its credentials: no password check, no failed-login count, no query. Over
 * TLS means this server's own connection was ({@code isSecure()}), or a trusted proxy says the request reached it
 * as https ({@link ClientAddress#forwardedOverHttps}). Anyone else could write those headers.
 */
@ApplicationScoped
public class CredentialsOverTls {

    static final String DETAIL = "Credentials are accepted only over HTTPS: send this request to the https:// address of this API.";

    @Inject
    AuthSettings settings;

    /** True when the request must be refused with {@link #refuse}; {@code proxies} says whom to believe. */
    public boolean refuses(HttpServletRequest request, ClientAddress proxies) {
        return settings.requireTls() && request.getHeader("Authorization") != null
                && !request.isSecure() && !proxies.forwardedOverHttps(request);
    }

    public static void refuse(HttpServletResponse response) throws IOException {
        Problem.of(HttpServletResponse.SC_FORBIDDEN, DETAIL).writeTo(response);
    }
}
