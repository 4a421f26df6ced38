package com.continentsapi.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.configuration.ConfiguredSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialsOverTlsTest {

    static final String PROXY = "10.0.0.5";
    static final String CLIENT = "203.0.113.7";
    final ClientAddress proxies = new ClientAddress(List.of("10.0.0.0/8"));

    boolean overTls(String peer, String forwarded, String xForwardedProto) {
        return CredentialsOverTls.arrivedOverTls(false, peer, forwarded, xForwardedProto, proxies);
    }

    @Test
    void aTlsConnectionToThisServerIsTls() {
        assertTrue(CredentialsOverTls.arrivedOverTls(true, CLIENT, null, null, proxies));
    }

    @Test
    void aPlainConnectionWithoutForwardingHeadersIsNot() {
        assertFalse(overTls(CLIENT, null, null));
        assertFalse(overTls(PROXY, null, null), "a trusted proxy that does not say https");
    }

    @Test
    void aClientCannotClaimHttpsItself() {
        assertFalse(overTls(CLIENT, null, "https"));
        assertFalse(overTls(CLIENT, "for=198.51.100.1;proto=https", null));
    }

    @Test
    void aTrustedProxySaysHowTheRequestReachedIt() {
        assertTrue(overTls(PROXY, null, "https"));
        assertTrue(overTls(PROXY, null, "HTTPS"));
        assertTrue(overTls(PROXY, "for=203.0.113.7;proto=https", null));
        assertTrue(overTls(PROXY, "for=\"[2001:db8::1]\";Proto=\"https\";by=10.0.0.5", null));
        assertFalse(overTls(PROXY, null, "http"));
        assertFalse(overTls(PROXY, "for=203.0.113.7;proto=http", null));
    }

    @Test
    void onlyTheValueTheTrustedProxyAddedCounts() {
        assertFalse(overTls(PROXY, null, "https, http"), "the client wrote https, the proxy http");
        assertTrue(overTls(PROXY, null, "http, https"));
        assertFalse(overTls(PROXY, "for=198.51.100.1;proto=https, for=203.0.113.7;proto=http", null));
        assertFalse(overTls(PROXY, "for=203.0.113.7", "https"), "Forwarded, when present, is the proxy's word");
        assertFalse(overTls(PROXY, "", null));
        assertFalse(overTls(PROXY, ",,,", null));
    }

    @Test
    void onlyRequestsWithCredentialsAreRefusedAndOnlyWhenRequired() {
        CredentialsOverTls check = new CredentialsOverTls();
        HttpServletRequest plainWithCredentials = request(Map.of("Authorization", "Basic am9objpwYXNz"));
        check.settings = AuthSettings.read(ConfiguredSettings.of(AuthSettings.PREFIX, Map.of()));
        assertFalse(check.refuses(plainWithCredentials, proxies), "off by default");
        check.settings = new AuthSettings(60, 10_000, true);
        assertTrue(check.refuses(plainWithCredentials, proxies));
        assertFalse(check.refuses(request(Map.of()), proxies), "no credentials to protect: the 401 says what to send");
        assertTrue(check.refuses(request(Map.of("Authorization", "garbage")), proxies), "any Authorization header, before it is read");
    }

    static HttpServletRequest request(Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> headers.get((String) args[0]);
                    case "isSecure" -> false;
                    case "getRemoteAddr" -> CLIENT;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
