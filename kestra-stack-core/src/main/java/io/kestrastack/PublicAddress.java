package io.kestrastack;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where users reach the stack: scheme, host and port, without a path (the path is the stack's
 * {@link ContextPath}).
 *
 * @param scheme http or https
 * @param host a DNS name ({@code flows.example.com}, {@code localhost}) or an IPv4 address, lower case
 * @param port 1 to 65535
 */
public record PublicAddress(Scheme scheme, String host, int port) {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
    private static final Pattern URL = Pattern.compile("(?i)(https?)://([^/:?#]*)(?::([0-9]{1,5}))?(/.*)?");

    public PublicAddress {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        if (!isValidHost(host)) {
            throw new IllegalArgumentException(
                    "host must be a lower-case DNS name or an IPv4 address (no IPv6, spaces or special characters)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535");
        }
    }

    /** Whether {@code host} is a lower-case DNS name (labels of letters, digits, inner hyphens) or IPv4. */
    public static boolean isValidHost(String host) {
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        if (IPV4.matcher(host).matches()) {
            return true;
        }
        if (host.matches("[0-9.]+")) {
            return false; // looks numeric but is not a valid IPv4 address
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses {@code scheme://host[:port]}. A trailing {@code /} is accepted; any other path is an error
     * (set it as the context path). The host is lower-cased.
     */
    public static PublicAddress parse(String url) {
        Matcher m = URL.matcher(url.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected scheme://host[:port], with scheme http or https");
        }
        if (m.group(4) != null && !m.group(4).equals("/")) {
            throw new IllegalArgumentException("the public address has a path; set the path with contextPath(...)");
        }
        Scheme scheme = Scheme.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        int port = m.group(3) == null ? scheme.defaultPort() : Integer.parseInt(m.group(3));
        return new PublicAddress(scheme, m.group(2).toLowerCase(Locale.ROOT), port);
    }

    /** Whether the port is the scheme's default, so URLs leave it out. */
    public boolean defaultPort() {
        return port == scheme.defaultPort();
    }

    /** {@code scheme://host[:port]} with the port only when it is not the default. */
    public String origin() {
        return scheme.text() + "://" + host + (defaultPort() ? "" : ":" + port);
    }

    /** Whether the host is this machine ({@code localhost}, {@code *.localhost}, an IPv4 address {@code 127.x.x.x}). */
    public boolean isLoopback() {
        return host.equals("localhost") || host.endsWith(".localhost")
                || (IPV4.matcher(host).matches() && host.startsWith("127."));
    }

    /**
     * The base URL of Kestra under {@code path}: {@code scheme://host[:port]/path/}, always ending with
     * exactly one {@code /}.
     */
    public String url(ContextPath path) {
        return origin() + path.withTrailingSlash();
    }

    @Override
    public String toString() {
        return origin();
    }
}
