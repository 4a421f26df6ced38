package com.continentsapi.security;

import com.continentsapi.ratelimit.control.RateLimitSettings.ForwardedHeader;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The address of the client behind a request, and whether it reached the first proxy over https. Only the one
 * forwarding header the operator named is read ({@code X-Forwarded-For} with {@code X-Forwarded-Proto}, or
 * {@code Forwarded}): most proxies append to one and pass the other through untouched, so the other holds
 * whatever the client wrote. Every field line of it is read, joined as RFC 9110 joins them, since a proxy may
 * add a line of its own instead of appending to the client's. It is believed only as far as trusted proxies
 * wrote it: walking from the connection's peer towards the client, the first address that is not a trusted
 * proxy is the client. IPv6 clients are grouped by /64, the block one subscriber usually gets.
 */
public final class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private record Block(byte[] address, int prefix) {
        boolean contains(byte[] other) {
            if (other.length != address.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (other[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Block> trustedProxies;
    private final ForwardedHeader header;

    /**
     * @param trustedProxies addresses or CIDR blocks, e.g. {@code 10.0.0.0/8, ::1}
     * @param header         the forwarding header the trusted proxies write
     */
    public ClientAddress(List<String> trustedProxies, ForwardedHeader header) {
        this.trustedProxies = trustedProxies.stream().map(ClientAddress::block).toList();
        this.header = header;
    }

    /**
     * The client's address (IPv6: its /64), or empty when a trusted proxy sent a forwarding header that cannot
     * be read: then nobody can tell who the client is.
     */
    public Optional<String> of(HttpServletRequest request) {
        Optional<byte[]> current = parse(request.getRemoteAddr());
        if (current.isEmpty()) {
            return Optional.empty();
        }
        List<String> hops = switch (header) {
            case FORWARDED -> field(request, "Forwarded").map(ClientAddress::forwardedFor).orElse(List.of());
            case X_FORWARDED_FOR -> field(request, "X-Forwarded-For")
                    .map(list -> Arrays.stream(list.split(",", -1)).map(String::strip).toList()).orElse(List.of());
        };
        for (int i = hops.size() - 1; i >= 0 && trusted(current.get()); i--) {
            current = parse(hops.get(i));
            if (current.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(name(current.get()));
    }

    /**
     * Whether a trusted proxy says the request reached it over https. Only the proxy that connects to this server
     * is asked: the proto of the last {@code Forwarded} element, or the last {@code X-Forwarded-Proto} value.
     */
    public boolean forwardedOverHttps(HttpServletRequest request) {
        if (!parse(request.getRemoteAddr()).map(this::trusted).orElse(false)) {
            return false;
        }
        String proto = switch (header) {
            case FORWARDED -> field(request, "Forwarded").map(ClientAddress::forwardedProto).orElse("");
            case X_FORWARDED_FOR -> field(request, "X-Forwarded-Proto").map(ClientAddress::last).orElse("");
        };
        return "https".equals(proto);
    }

    /** Every field line of that name as one list value (RFC 9110, 5.3); empty when there is none. */
    private static Optional<String> field(HttpServletRequest request, String name) {
        List<String> lines = Collections.list(request.getHeaders(name));
        return lines.isEmpty() ? Optional.empty() : Optional.of(String.join(",", lines));
    }

    private boolean trusted(byte[] address) {
        return trustedProxies.stream().anyMatch(block -> block.contains(address));
    }

    private static List<String> forwardedFor(String forwarded) {
        List<String> hops = new ArrayList<>();
        // -1: empty elements are hops too (unreadable ones); split would drop trailing ones and make ",,," no hop at all.
        for (String element : forwarded.split(",", -1)) {
            String hop = null;
            for (String pair : element.split(";")) {
                String[] nameValue = pair.strip().split("=", 2);
                if (nameValue.length == 2 && nameValue[0].equalsIgnoreCase("for")) {
                    hop = nameValue[1].strip();
                }
            }
            hops.add(hop == null ? "" : hop);
        }
        return hops;
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
        String[] values = list.split(",", -1);
        return values[values.length - 1].strip().toLowerCase(Locale.ROOT);
    }

    /** An address literal, optionally quoted, bracketed or with a port; never a host name (no DNS lookup). */
    static Optional<byte[]> parse(String value) {
        String literal = value == null ? "" : value.strip();
        if (literal.length() > 2 && literal.startsWith("\"") && literal.endsWith("\"")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        if (literal.startsWith("[")) {
            int end = literal.indexOf(']');
            literal = end < 0 ? "" : literal.substring(1, end);
        } else if (literal.indexOf(':') == literal.lastIndexOf(':') && literal.indexOf(':') > 0) {
            literal = literal.substring(0, literal.indexOf(':'));
        }
        if (!IPV4.matcher(literal).matches() && !(literal.length() <= 45 && IPV6.matcher(literal).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(literal).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static String name(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString(((address[i] & 0xff) << 8) | (address[i + 1] & 0xff))).append(':');
        }
        return prefix.append(":/64").toString();
    }

    private static Block block(String cidr) {
        String[] parts = cidr.strip().split("/", 2);
        byte[] address = parse(parts[0].contains(":") ? "[" + parts[0] + "]" : parts[0])
                .orElseThrow(() -> new IllegalArgumentException("Not an address or CIDR block: '" + cidr + "'"));
        int prefix = address.length * 8;
        if (parts.length == 2) {
            try {
                prefix = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > address.length * 8) {
                throw new IllegalArgumentException("Not a CIDR prefix length: '" + cidr + "'");
            }
        }
        return new Block(address, prefix);
    }
}
