package com.continentsapi.security;

import com.continentsapi.problems.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;

/**
 * With {@code auth.require-tls}, a request that carries an {@code Authorization} header but did not arrive over TLS
 * is refused before anything looks at its credentials: no password check, no failed-login count, no query. Over
 * TLS means this server's own connection was ({@code isSecure()}), or a trusted proxy says the request reached it
 * as https. Only the proxy that connects to this server is asked: the proto of the last {@code Forwarded} element
 * (the one it added), else the last {@code X-Forwarded-Proto} value. Anyone else could write those headers.
 */
@ApplicationScoped
public class CredentialsOverTls {

    static final String DETAIL = "Credentials are accepted only over HTTPS: send this request to the https:// address of this API.";

    @Inject
    AuthSettings settings;

    /** True when the request must be refused with {@link #refuse}; {@code proxies} says whom to believe. */
    public boolean refuses(HttpServletRequest request, ClientAddress proxies) {
        return settings.requireTls() && request.getHeader("Authorization") != null
                && !arrivedOverTls(request.isSecure(), request.getRemoteAddr(), request.getHeader("Forwarded"),
                        request.getHeader("X-Forwarded-Proto"), proxies);
    }

    public static void refuse(HttpServletResponse response) throws IOException {
        Problem.of(HttpServletResponse.SC_FORBIDDEN, DETAIL).writeTo(response);
    }

    static boolean arrivedOverTls(boolean secure, String peer, String forwarded, String xForwardedProto, ClientAddress proxies) {
        if (secure) {
            return true;
        }
        if (!proxies.trusts(peer)) {
            return false;
        }
        String proto = forwarded != null ? forwardedProto(forwarded) : last(xForwardedProto);
        return "https".equals(proto);
    }

    /** The proto of the last element, unquoted and in lower case; empty when it has none. */
    private static String forwardedProto(String forwarded) {
        String[] elements = forwarded.split(",", -1);
        for (String pair : elements[elements.length - 1].split(";")) {
            String[] nameValue = pair.strip().split("=", 2);
            if (nameValue.length == 2 && nameValue[0].strip().equalsIgnoreCase("proto")) {
                return nameValue[1].strip().replace("\"", "").toLowerCase(Locale.ROOT);
            }
        }
        return "";
    }

    private static String last(String list) {
        if (list == null) {
            return "";
        }
        String[] values = list.split(",", -1);
        return values[values.length - 1].strip().toLowerCase(Locale.ROOT);
    }
}
