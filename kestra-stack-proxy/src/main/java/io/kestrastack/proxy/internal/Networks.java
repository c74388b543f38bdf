package io.kestrastack.proxy.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Client networks for allow-lists: an IPv4 or IPv6 address, optionally with a CIDR prefix length. Parsed
 * strictly and without any DNS lookup, so that nginx's {@code allow} and Caddy's {@code remote_ip} read
 * the same range.
 */
public final class Networks {

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET
            + "(?:/(3[0-2]|[12]?[0-9]))?");
    private static final Pattern IPV6 = Pattern.compile("([0-9A-Fa-f:]{2,39})(?:/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))?");

    private Networks() {}

    /** Why {@code text} is not a usable network, or {@code null} if it is one. */
    public static @Nullable String problem(String text) {
        Matcher v4 = IPV4.matcher(text);
        if (v4.matches()) {
            if (v4.group(5) == null) {
                return null;
            }
            long address = 0;
            for (int i = 1; i <= 4; i++) {
                address = (address << 8) | Integer.parseInt(v4.group(i));
            }
            int prefix = Integer.parseInt(v4.group(5));
            long hostMask = prefix == 32 ? 0 : (1L << (32 - prefix)) - 1;
            return (address & hostMask) == 0 ? null : "has bits set after its /" + prefix + " prefix";
        }
        Matcher v6 = IPV6.matcher(text);
        if (v6.matches() && v6.group(1).indexOf(':') >= 0) {
            byte[] bytes = ipv6(v6.group(1));
            if (bytes == null) {
                return "is not an IPv4 or IPv6 address or CIDR range";
            }
            if (v6.group(2) == null) {
                return null;
            }
            int prefix = Integer.parseInt(v6.group(2));
            for (int bit = prefix; bit < 128; bit++) {
                if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0) {
                    return "has bits set after its /" + prefix + " prefix";
                }
            }
            return null;
        }
        return "is not an IPv4 or IPv6 address or CIDR range";
    }

    /** The form written to configurations: IPv6 in lower case, IPv4 unchanged. */
    public static String normalize(String text) {
        if (problem(text) != null) {
            throw new IllegalArgumentException("not a network");
        }
        return text.toLowerCase(Locale.ROOT);
    }

    private static byte @Nullable [] ipv6(String literal) {
        // Only hex digits and ':' reach here, so InetAddress parses a literal and never asks DNS.
        try {
            InetAddress address = InetAddress.getByName(literal);
            return address instanceof Inet6Address ? address.getAddress() : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
