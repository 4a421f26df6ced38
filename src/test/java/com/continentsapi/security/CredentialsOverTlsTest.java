package com.continentsapi.security;

import static com.continentsapi.ratelimit.control.RateLimitSettings.ForwardedHeader.FORWARDED;
import static com.continentsapi.ratelimit.control.RateLimitSettings.ForwardedHeader.X_FORWARDED_FOR;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.configuration.ConfiguredSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CredentialsOverTlsTest {

    static final String PROXY = "10.0.0.5";
    static final String CLIENT = "203.0.113.7";
    static final String CREDENTIALS = "Basic am9objpwYXNz";
    final ClientAddress xForwardedFor = new ClientAddress(List.of("10.0.0.0/8"), X_FORWARDED_FOR);
    final ClientAddress forwarded = new ClientAddress(List.of("10.0.0.0/8"), FORWARDED);
    final CredentialsOverTls check = new CredentialsOverTls();

    @BeforeEach
    void tlsRequired() {
        check.settings = new AuthSettings(60, 10_000, true, 2, 1000, 1000);
    }

    boolean refused(ClientAddress proxies, String peer, String... fieldLines) {
        String[] withCredentials = new String[fieldLines.length + 2];
        withCredentials[0] = "Authorization";
        withCredentials[1] = CREDENTIALS;
        System.arraycopy(fieldLines, 0, withCredentials, 2, fieldLines.length);
        return check.refuses(ArrivingRequest.from(peer, withCredentials), proxies);
    }

    @Test
    void aTlsConnectionToThisServerIsTls() {
        assertFalse(check.refuses(ArrivingRequest.overTls(CLIENT, "Authorization", CREDENTIALS), xForwardedFor));
    }

    @Test
    void aPlainConnectionWithoutForwardingHeadersIsNotTls() {
        assertTrue(refused(xForwardedFor, CLIENT));
        assertTrue(refused(xForwardedFor, PROXY), "a trusted proxy that does not say https");
    }

    @Test
    void aClientCannotClaimHttpsItself() {
        assertTrue(refused(xForwardedFor, CLIENT, "X-Forwarded-Proto", "https"));
        assertTrue(refused(forwarded, CLIENT, "Forwarded", "for=198.51.100.1;proto=https"));
    }

    @Test
    void aTrustedProxySaysHowTheRequestReachedIt() {
        assertFalse(refused(xForwardedFor, PROXY, "X-Forwarded-Proto", "https"));
        assertFalse(refused(xForwardedFor, PROXY, "X-Forwarded-Proto", "HTTPS"));
        assertFalse(refused(forwarded, PROXY, "Forwarded", "for=203.0.113.7;proto=https"));
        assertFalse(refused(forwarded, PROXY, "Forwarded", "for=\"[2001:db8::1]\";Proto=\"https\";by=10.0.0.5"));
        assertTrue(refused(xForwardedFor, PROXY, "X-Forwarded-Proto", "http"));
        assertTrue(refused(forwarded, PROXY, "Forwarded", "for=203.0.113.7;proto=http"));
    }

    @Test
    void onlyTheValueTheTrustedProxyAddedCounts() {
        assertTrue(refused(xForwardedFor, PROXY, "X-Forwarded-Proto", "https, http"), "the client wrote https, the proxy http");
        assertFalse(refused(xForwardedFor, PROXY, "X-Forwarded-Proto", "http, https"));
        assertTrue(refused(xForwardedFor, PROXY, "X-Forwarded-Proto", "https", "X-Forwarded-Proto", "http"), "the proxy's own line");
        assertTrue(refused(forwarded, PROXY, "Forwarded", "for=198.51.100.1;proto=https, for=203.0.113.7;proto=http"));
        assertTrue(refused(forwarded, PROXY, "Forwarded", "for=198.51.100.1;proto=https", "Forwarded", "for=203.0.113.7;proto=http"));
        assertTrue(refused(forwarded, PROXY, "Forwarded", ""));
        assertTrue(refused(forwarded, PROXY, "Forwarded", ",,,"));
    }

    /** The spoof: a proxy that writes X-Forwarded-Proto passes the client's Forwarded through untouched. */
    @Test
    void theHeaderTheProxiesDoNotWriteIsIgnored() {
        assertTrue(refused(xForwardedFor, PROXY, "Forwarded", "for=203.0.113.9;proto=https", "X-Forwarded-Proto", "http"));
        assertTrue(refused(xForwardedFor, PROXY, "Forwarded", "for=203.0.113.9;proto=https"));
        assertTrue(refused(forwarded, PROXY, "X-Forwarded-Proto", "https", "Forwarded", "for=203.0.113.7;proto=http"));
    }

    @Test
    void onlyRequestsWithCredentialsAreRefusedAndOnlyWhenRequired() {
        HttpServletRequest plainWithCredentials = ArrivingRequest.from(CLIENT, "Authorization", CREDENTIALS);
        assertTrue(check.refuses(plainWithCredentials, xForwardedFor));
        assertFalse(check.refuses(ArrivingRequest.from(CLIENT), xForwardedFor), "no credentials to protect: the 401 says what to send");
        assertTrue(check.refuses(ArrivingRequest.from(CLIENT, "Authorization", "garbage"), xForwardedFor), "any Authorization header, before it is read");
        check.settings = AuthSettings.read(ConfiguredSettings.of(AuthSettings.PREFIX, Map.of()));
        assertFalse(check.refuses(plainWithCredentials, xForwardedFor), "off by default");
    }
}
