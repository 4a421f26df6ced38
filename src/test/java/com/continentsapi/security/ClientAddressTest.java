package com.continentsapi.security;

import static com.continentsapi.ratelimit.control.RateLimitSettings.ForwardedHeader.FORWARDED;
import static com.continentsapi.ratelimit.control.RateLimitSettings.ForwardedHeader.X_FORWARDED_FOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    static final List<String> PROXIES = List.of("10.0.0.0/8", "::1");
    final ClientAddress behindXForwardedFor = new ClientAddress(PROXIES, X_FORWARDED_FOR);
    final ClientAddress behindForwarded = new ClientAddress(PROXIES, FORWARDED);
    final ClientAddress direct = new ClientAddress(List.of(), X_FORWARDED_FOR);

    static Optional<String> client(ClientAddress address, String peer, String... fieldLines) {
        return address.of(ArrivingRequest.from(peer, fieldLines));
    }

    @Test
    void withoutTrustedProxiesForwardingHeadersAreIgnored() {
        assertEquals(Optional.of("203.0.113.7"), client(direct, "203.0.113.7", "Forwarded", "for=198.51.100.1", "X-Forwarded-For", "198.51.100.2"));
    }

    @Test
    void anUntrustedPeerCannotPretendToBeSomeoneElse() {
        assertEquals(Optional.of("203.0.113.7"), client(behindXForwardedFor, "203.0.113.7", "X-Forwarded-For", "198.51.100.2"));
        assertEquals(Optional.of("203.0.113.7"), client(behindForwarded, "203.0.113.7", "Forwarded", "for=198.51.100.2"));
    }

    @Test
    void theFirstUntrustedHopFromTheRightIsTheClient() {
        assertEquals(Optional.of("198.51.100.2"), client(behindXForwardedFor, "10.0.0.5", "X-Forwarded-For", "192.0.2.66, 198.51.100.2, 10.1.2.3"));
    }

    /** nginx, AWS ALB, Traefik: they append X-Forwarded-For and pass the client's Forwarded through untouched. */
    @Test
    void aForwardedHeaderTheClientWroteItselfIsIgnoredBehindAProxyThatAppendsXForwardedFor() {
        assertEquals(Optional.of("198.51.100.7"), client(behindXForwardedFor, "10.0.0.5",
                "Forwarded", "for=203.0.113.9;proto=https", "X-Forwarded-For", "198.51.100.7"));
        assertEquals(Optional.of("10.0.0.5"), client(behindXForwardedFor, "10.0.0.5", "Forwarded", "for=203.0.113.9"),
                "no X-Forwarded-For: the proxy itself is the client, whatever Forwarded says");
    }

    @Test
    void anXForwardedForTheClientWroteItselfIsIgnoredBehindAProxyThatWritesForwarded() {
        assertEquals(Optional.of("198.51.100.7"), client(behindForwarded, "10.0.0.5",
                "X-Forwarded-For", "203.0.113.9", "Forwarded", "for=198.51.100.7;proto=https"));
    }

    /** HAProxy's option forwardfor adds a line of its own: the client's line comes first, and is not the one to believe. */
    @Test
    void everyFieldLineIsReadInOrderSoAProxysOwnLineIsNotMissed() {
        assertEquals(Optional.of("198.51.100.7"), client(behindXForwardedFor, "10.0.0.5",
                "X-Forwarded-For", "203.0.113.9", "X-Forwarded-For", "198.51.100.7"));
        assertEquals(Optional.of("198.51.100.7"), client(behindForwarded, "10.0.0.5",
                "Forwarded", "for=203.0.113.9", "Forwarded", "for=198.51.100.7;proto=https"));
        assertEquals(Optional.of("203.0.113.9"), client(behindXForwardedFor, "10.0.0.5",
                "X-Forwarded-For", "203.0.113.9", "X-Forwarded-For", "10.1.1.1"), "a trusted hop in the second line is walked past");
    }

    @Test
    void forwardedsQuotedBracketedFormsAreRead() {
        assertEquals(Optional.of("198.51.100.9"), client(behindForwarded, "10.0.0.5", "Forwarded", "for=192.0.2.1, for=\"198.51.100.9:4711\";proto=https"));
        assertEquals(Optional.of("2001:db8:cafe:0::/64"), client(behindForwarded, "::1", "Forwarded", "for=\"[2001:db8:cafe::17]:4711\""));
    }

    @Test
    void ipv6HopsInXForwardedForAreRead() {
        assertEquals(Optional.of("2001:db8:cafe:0::/64"), client(behindXForwardedFor, "::1", "X-Forwarded-For", "2001:db8:cafe::17"));
        assertEquals(Optional.of("2001:db8:cafe:0::/64"), client(behindXForwardedFor, "10.0.0.5", "X-Forwarded-For", "2001:db8:cafe::17, ::1"));
    }

    @Test
    void ipv6ClientsAreGroupedByTheirSlash64() {
        assertEquals(client(direct, "2001:db8:1:2::1"), client(direct, "2001:db8:1:2:ffff::9"));
    }

    @Test
    void anUnreadableHeaderFromATrustedProxyLeavesTheClientUnknown() {
        for (String xForwardedFor : new String[] {"not-an-address", "999.1.1.1", ",,,", "198.51.100.2,"}) {
            assertEquals(Optional.empty(), client(behindXForwardedFor, "10.0.0.5", "X-Forwarded-For", xForwardedFor), xForwardedFor);
        }
        assertEquals(Optional.empty(), client(behindForwarded, "10.0.0.5", "Forwarded", "for=unknown"));
        assertEquals(Optional.empty(), client(behindForwarded, "10.0.0.5", "Forwarded", ","));
        assertEquals(Optional.of("10.0.0.5"), client(behindXForwardedFor, "10.0.0.5", "Forwarded", "for=unknown"),
                "the header not named is not read at all");
    }

    @Test
    void allHopsTrustedMeansTheLeftmostIsTheClient() {
        assertEquals(Optional.of("10.9.9.9"), client(behindXForwardedFor, "10.0.0.5", "X-Forwarded-For", "10.9.9.9"));
    }

    @Test
    void onlyTheProtoOfTheNamedHeaderFromATrustedProxyCounts() {
        assertTrue(behindXForwardedFor.forwardedOverHttps(ArrivingRequest.from("10.0.0.5", "X-Forwarded-Proto", "https")));
        assertFalse(behindXForwardedFor.forwardedOverHttps(ArrivingRequest.from("10.0.0.5",
                "Forwarded", "for=203.0.113.9;proto=https", "X-Forwarded-Proto", "http")), "the client's own Forwarded");
        assertFalse(behindXForwardedFor.forwardedOverHttps(ArrivingRequest.from("10.0.0.5", "Forwarded", "for=203.0.113.9;proto=https")));
        assertTrue(behindForwarded.forwardedOverHttps(ArrivingRequest.from("10.0.0.5", "Forwarded", "for=203.0.113.9;proto=https")));
        assertFalse(behindForwarded.forwardedOverHttps(ArrivingRequest.from("10.0.0.5",
                "X-Forwarded-Proto", "https", "Forwarded", "for=203.0.113.9;proto=http")), "the client's own X-Forwarded-Proto");
        assertFalse(behindForwarded.forwardedOverHttps(ArrivingRequest.from("203.0.113.9", "Forwarded", "for=203.0.113.9;proto=https")),
                "an untrusted peer");
    }

    @Test
    void hostNamesAreNeverLookedUp() {
        assertEquals(Optional.empty(), ClientAddress.parse("localhost").map(bytes -> "resolved"));
        assertEquals(Optional.empty(), ClientAddress.parse("example.com").map(bytes -> "resolved"));
    }

    @Test
    void aBadTrustedProxySettingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("10.0.0.0/33"), X_FORWARDED_FOR));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("proxy.example.com"), X_FORWARDED_FOR));
    }
}
