package io.kestrastack;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The path under which Kestra is served: {@code /} or {@code /segment[/segment...]} with a leading
 * slash and no trailing slash.
 *
 * <p>Segments use only {@code A-Z a-z 0-9 . _ ~ -}, so the path needs no escaping in a URL, a Caddyfile
 * or an nginx location. A segment may not be {@code ui} or {@code api}, which Kestra uses below the
 * context path itself.
 *
 * @param value the normalised path
 */
public record ContextPath(String value) {

    /** The root path {@code /}. */
    public static final ContextPath ROOT = new ContextPath("/");

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~-]+");

    public ContextPath {
        Objects.requireNonNull(value, "value");
        if (!value.equals("/")) {
            if (!value.startsWith("/") || value.endsWith("/")) {
                throw new IllegalArgumentException("must start with / and not end with /");
            }
            for (String segment : value.substring(1).split("/", -1)) {
                if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                    throw new IllegalArgumentException(
                            "segments may only use letters, digits, '.', '_', '~' and '-' (no empty, '.' or '..' segments)");
                }
                String lower = segment.toLowerCase(Locale.ROOT);
                if (lower.equals("ui") || lower.equals("api")) {
                    throw new IllegalArgumentException(
                            "a segment may not be 'ui' or 'api': Kestra serves those below the context path itself");
                }
            }
        }
    }

    /**
     * Parses a path, accepting a missing leading slash and one trailing slash: {@code kestra},
     * {@code /kestra} and {@code /kestra/} all give {@code /kestra}; the empty string gives {@code /}.
     */
    public static ContextPath parse(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.equals("/")) {
            return ROOT;
        }
        if (!t.startsWith("/")) {
            t = "/" + t;
        }
        if (t.endsWith("/") && !t.endsWith("//")) {
            t = t.substring(0, t.length() - 1);
        }
        return new ContextPath(t);
    }

    /** Whether this is {@code /}. */
    public boolean isRoot() {
        return value.equals("/");
    }

    /** The path with exactly one trailing slash: {@code /} or {@code /kestra/}. */
    public String withTrailingSlash() {
        return isRoot() ? "/" : value + "/";
    }

    @Override
    public String toString() {
        return value;
    }
}
