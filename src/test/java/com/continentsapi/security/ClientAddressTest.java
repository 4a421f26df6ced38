package com.continentsapi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    final ClientAddress behindProxies = new ClientAddress(List.of("10.0.0.0/8", "::1"));
    final ClientAddress direct = new ClientAddress(List.of());

    @Test
    void withoutTrustedProxiesForwardingHeadersAreIgnored() {
        assertEquals(Optional.of("203.0.113.7"), direct.of("203.0.113.7", "for=198.51.100.1", "198.51.100.2"));
    }

    @Test
    void anUntrustedPeerCannotPretendToBeSomeoneElse() {
        assertEquals(Optional.of("203.0.113.7"), behindProxies.of("203.0.113.7", null, "198.51.100.2"));
    }

    @Test
    void theFirstUntrustedHopFromTheRightIsTheClient() {
        assertEquals(Optional.of("198.51.100.2"), behindProxies.of("10.0.0.5", null, "192.0.2.66, 198.51.100.2, 10.1.2.3"));
    }

    @Test
    void forwardedIsPreferredAndItsQuotedBracketedFormsAreRead() {
        assertEquals(Optional.of("198.51.100.9"), behindProxies.of("10.0.0.5", "for=192.0.2.1, for=\"198.51.100.9:4711\";proto=https", "192.0.2.2"));
        assertEquals(Optional.of("2001:db8:cafe:0::/64"),
                behindProxies.of("::1", "for=\"[2001:db8:cafe::17]:4711\"", null));
    }

    @Test
    void ipv6ClientsAreGroupedByTheirSlash64() {
        assertEquals(direct.of("2001:db8:1:2::1", null, null), direct.of("2001:db8:1:2:ffff::9", null, null));
    }

    @Test
    void anUnreadableHeaderFromATrustedProxyLeavesTheClientUnknown() {
        assertEquals(Optional.empty(), behindProxies.of("10.0.0.5", null, "not-an-address"));
        assertEquals(Optional.empty(), behindProxies.of("10.0.0.5", "for=unknown", null));
        assertEquals(Optional.empty(), behindProxies.of("10.0.0.5", null, "999.1.1.1"));
        assertEquals(Optional.empty(), behindProxies.of("10.0.0.5", null, ",,,"));
        assertEquals(Optional.empty(), behindProxies.of("10.0.0.5", null, "198.51.100.2,"));
        assertEquals(Optional.empty(), behindProxies.of("10.0.0.5", ",", null));
    }

    @Test
    void allHopsTrustedMeansTheLeftmostIsTheClient() {
        assertEquals(Optional.of("10.9.9.9"), behindProxies.of("10.0.0.5", null, "10.9.9.9"));
    }

    @Test
    void hostNamesAreNeverLookedUp() {
        assertEquals(Optional.empty(), ClientAddress.parse("localhost").map(bytes -> "resolved"));
        assertEquals(Optional.empty(), ClientAddress.parse("example.com").map(bytes -> "resolved"));
    }

    @Test
    void aBadTrustedProxySettingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("10.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("proxy.example.com")));
    }
}
