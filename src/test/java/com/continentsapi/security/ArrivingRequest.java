package com.continentsapi.security;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A request as the container hands it over: from a peer, with its field lines in the order they arrived. */
final class ArrivingRequest {

    private ArrivingRequest() {
    }

    /** @param fieldLines name, value, name, value, ...; a name may come several times (one line each) */
    static HttpServletRequest from(String peer, String... fieldLines) {
        return arriving(false, peer, fieldLines);
    }

    /** The same over this server's own TLS connection. */
    static HttpServletRequest overTls(String peer, String... fieldLines) {
        return arriving(true, peer, fieldLines);
    }

    private static HttpServletRequest arriving(boolean secure, String peer, String... fieldLines) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> peer;
                    case "getMethod" -> "GET";
                    case "getServletPath" -> "";
                    case "getPathInfo" -> "/continents";
                    case "getAttribute" -> null;
                    case "setAttribute" -> null;
                    case "isSecure" -> secure;
                    case "getHeaders" -> Collections.enumeration(values(fieldLines, (String) args[0]));
                    case "getHeader" -> values(fieldLines, (String) args[0]).stream().findFirst().orElse(null);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static List<String> values(String[] fieldLines, String name) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < fieldLines.length; i += 2) {
            if (fieldLines[i].equalsIgnoreCase(name)) {
                values.add(fieldLines[i + 1]);
            }
        }
        return values;
    }
}
