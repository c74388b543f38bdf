package io.kestrastack.proxy.internal;

import io.kestrastack.ImageRef;
import io.kestrastack.PublicAddress;
import io.kestrastack.Scheme;
import io.kestrastack.internal.Problems;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Checks both edges share. Each adds violations to a {@link Problems}. */
public final class EdgeChecks {

    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    private static final Pattern HOST_PATH = Pattern.compile("(\\./|/)([A-Za-z0-9._-]+/)*[A-Za-z0-9._-]+");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern VERSION_PARTS =
            Pattern.compile("v?([0-9]{1,4})(?:\\.([0-9]{1,4})(?:\\.([0-9]{1,4}))?)?(?:[.-].*)?");
    private static final Pattern VERSION = Pattern.compile("v?([0-9]{1,4})(?:\\.([0-9]{1,4}))?(?:[.-].*)?");
    /** Top-level names that never resolve in public DNS (RFC 2606, RFC 6761, RFC 6762, common private use). */
    private static final Set<String> PRIVATE_TLDS = Set.of(
            "localhost", "local", "test", "example", "invalid", "internal", "lan", "home", "corp", "intranet", "private",
            "localdomain");

    private EdgeChecks() {}

    /**
     * Checks a contact email address for an ACME account: a dot-atom local part (letters, digits and
     * {@code .!#$%&'*+/=?^_`~-}; no braces or {@code |}) and a DNS domain.
     */
    public static void email(Problems p, String path, String email) {
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            p.add(path, "invalid-email", "the ACME contact is not a plain email address",
                    "write an address such as ops@example.com");
        }
    }

    /**
     * Checks a certificate or key file on the host, relative to the bundle ({@code ./certs/fullchain.pem}) or
     * absolute, inside a directory that can be mounted on its own.
     */
    public static void hostFile(Problems p, String path, String file) {
        if (!HOST_PATH.matcher(file).matches()) {
            p.add(path, "invalid-path", "the path is not ./dir/file or /dir/file made of letters, digits, '.', '_'"
                    + " and '-'", "write a path such as ./certs/fullchain.pem");
            return;
        }
        if (file.length() > 4000) {
            p.add(path, "path-too-long", "the path is longer than 4000 characters", "use a shorter path");
            return;
        }
        for (String segment : file.substring(file.startsWith("./") ? 2 : 1).split("/")) {
            if (segment.length() > 255) {
                // NAME_MAX on Linux file systems: no such file can exist
                p.add(path, "path-too-long", "a name in the path is longer than 255 characters, which no file system"
                        + " allows", "use a shorter name");
                return;
            }
            if (segment.equals(".") || segment.equals("..")) {
                p.add(path, "invalid-path", "the path has a '.' or '..' segment", "write a plain path such as"
                        + " ./certs/fullchain.pem");
                return;
            }
        }
        if (parent(file).equals(".") || parent(file).equals("/")) {
            p.add(path, "file-in-root-directory", "the file's directory would be mounted into the edge, and that"
                    + " directory is the bundle or the host's root", "put the file in a directory of its own, such as"
                    + " ./certs/");
        }
    }

    /** The directory of a path accepted by {@link #hostFile}: {@code ./certs} for {@code ./certs/a.pem}. */
    public static String parent(String file) {
        int slash = file.lastIndexOf('/');
        if (slash == 0) {
            return "/";
        }
        return file.substring(0, slash);
    }

    /** The file name of a path accepted by {@link #hostFile}. */
    public static String fileName(String file) {
        return file.substring(file.lastIndexOf('/') + 1);
    }

    /**
     * Whether {@code host} can get a certificate from a public ACME CA: a DNS name with at least two labels
     * whose top-level name is public, not an IP address and not a loopback or private-use name.
     */
    public static boolean isPublicDnsName(String host) {
        if (IPV4.matcher(host).matches() || !host.contains(".")) {
            return false;
        }
        String lower = host.toLowerCase(Locale.ROOT);
        String tld = lower.substring(lower.lastIndexOf('.') + 1);
        if (PRIVATE_TLDS.contains(tld) || lower.endsWith(".home.arpa") || !tld.matches("[a-z][a-z0-9-]*[a-z0-9]")) {
            return false;
        }
        return true;
    }

    /**
     * Checks that the public address can get a certificate from a public ACME CA over http-01 or tls-alpn-01.
     */
    public static void acmeHost(Problems p, String path, PublicAddress address) {
        if (!isPublicDnsName(address.host())) {
            p.add(path, "acme-needs-public-name", "a public ACME CA cannot issue a certificate for " + address.host()
                            + ": it is an IP address, a single label, a loopback or a private-use name",
                    "use a public DNS name that points to this host, or another TLS mode for local and test hosts");
        }
    }

    /**
     * Checks the pinned image of {@code product} ({@code caddy} or {@code nginx}): when the repository is the
     * product's official one, its tag must show a version of major {@code major} at least
     * {@code major.minMinor}. Custom images and digest-only references are trusted to be compatible.
     */
    public static void imageVersion(Problems p, String path, ImageRef image, String product, int major, int minMinor) {
        if (!isOfficial(image, product) || image.tag() == null) {
            return;
        }
        Optional<int[]> version = version(image.tag());
        String minimum = major + "." + minMinor;
        if (version.isEmpty()) {
            if (image.digest() == null) {
                p.add(path, "unknown-image-version", "the tag '" + image.tag() + "' does not tell the " + product
                        + " version", "pin a version tag, at least " + minimum);
            }
            return;
        }
        int[] v = version.get();
        if (v[0] != major || (v[1] >= 0 && v[1] < minMinor)) {
            p.add(path, "unsupported-image-version", "the rendered configuration needs " + product + " " + minimum
                    + " or a later " + major + ".x, but the image is " + image.tag(), "pin " + product + " " + minimum
                    + " or later " + major + ".x");
        }
    }

    /**
     * Whether {@code image} is the official image of {@code product} whose tag names at least version
     * {@code major.minor.patch}. A tag without a patch ({@code 1.25}) or minor ({@code 1}) names the newest
     * release of that line, so only the given parts are compared. Custom images, digest-only references and
     * tags without a version answer {@code false}.
     */
    public static boolean officialAtLeast(ImageRef image, String product, int major, int minor, int patch) {
        if (!isOfficial(image, product) || image.tag() == null) {
            return false;
        }
        Matcher m = VERSION_PARTS.matcher(image.tag());
        if (!m.matches()) {
            return false;
        }
        int[] wanted = {major, minor, patch};
        for (int i = 0; i < 3; i++) {
            String part = m.group(i + 1);
            if (part == null) {
                return true;
            }
            int v = Integer.parseInt(part);
            if (v != wanted[i]) {
                return v > wanted[i];
            }
        }
        return true;
    }

    private static boolean isOfficial(ImageRef image, String product) {
        String repository = image.repository();
        return repository.equals(product) || repository.equals("library/" + product)
                || repository.equals("docker.io/" + product) || repository.equals("docker.io/library/" + product);
    }

    /** {major, minor} read from a tag such as {@code 2.11.4-alpine}; minor is -1 when the tag has none. */
    static Optional<int[]> version(String tag) {
        Matcher m = VERSION.matcher(tag);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new int[] {Integer.parseInt(m.group(1)), m.group(2) == null ? -1 : Integer.parseInt(m.group(2))});
    }

    /** Checks that an https address does not use port 80 and an http address not port 443. */
    public static void portMatchesScheme(Problems p, String path, PublicAddress address) {
        int port = address.port();
        if ((address.scheme() == Scheme.HTTPS && port == 80) || (address.scheme() == Scheme.HTTP && port == 443)) {
            p.add(path, "port-scheme-mismatch", "the public address " + address.origin() + " uses port " + port
                    + ", the other scheme's standard port", "use https with 443 (or a free port) and http with 80"
                    + " (or a free port)");
        }
    }

    /**
     * The host address to publish an edge's ports on: the one set explicitly; otherwise, for a stack reached at
     * a loopback address, that address (or 127.0.0.1 for a name), so that a local stack is not reachable from
     * other machines; otherwise every address ({@code null}).
     */
    public static @Nullable String publishAddress(@Nullable String explicit, PublicAddress address) {
        if (explicit != null) {
            return explicit;
        }
        if (!address.isLoopback()) {
            return null;
        }
        return IPV4.matcher(address.host()).matches() ? address.host() : "127.0.0.1";
    }

    /** Checks an optional host address the edge's ports are published on. */
    public static void publishAddress(Problems p, String path, String address) {
        if (!IPV4.matcher(address).matches() || !PublicAddress.isValidHost(address)) {
            p.add(path, "invalid-publish-address", "the address to publish on is not an IPv4 address",
                    "use an address of this host such as 127.0.0.1 or 0.0.0.0");
        }
    }
}
