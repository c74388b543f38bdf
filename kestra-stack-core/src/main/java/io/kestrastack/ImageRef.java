package io.kestrastack;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A container image reference: {@code [registry/]repository[:tag][@digest]}.
 *
 * <p>Parsing checks syntax only. Whether a tag is pinned enough for production is a policy the
 * services decide in their {@code build()} (see {@link #isFloating()}).
 *
 * @param repository the repository, with its registry host if any, for example {@code postgres} or
 *     {@code ghcr.io/acme/kestra}
 * @param tag the tag, or {@code null} when only a digest is given
 * @param digest the digest ({@code sha256:<64 hex>}), or {@code null}
 */
public record ImageRef(String repository, @Nullable String tag, @Nullable String digest) {

    private static final Pattern REFERENCE = Pattern.compile(
            "((?:[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]{1,5})?/)?"           // optional registry host[:port]
                    + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
                    + "(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)"
                    + "(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?"
                    + "(?:@(sha256:[0-9a-f]{64}))?");

    public ImageRef {
        Objects.requireNonNull(repository, "repository");
        String rebuilt = repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
        Matcher m = REFERENCE.matcher(rebuilt);
        if (!m.matches() || !repository.equals(m.group(1))) {
            throw new IllegalArgumentException("not a valid image reference");
        }
        if (tag == null && digest == null) {
            throw new IllegalArgumentException("image has neither a tag nor a digest");
        }
    }

    /**
     * Parses {@code [registry/]repository[:tag][@digest]}.
     *
     * @throws IllegalArgumentException if the text is not a valid reference or has neither tag nor digest
     */
    public static ImageRef parse(String reference) {
        Matcher m = REFERENCE.matcher(reference);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a valid image reference");
        }
        return new ImageRef(m.group(1), m.group(2), m.group(3));
    }

    /** Parses like {@link #parse(String)} but returns empty instead of throwing. */
    public static Optional<ImageRef> tryParse(String reference) {
        try {
            return Optional.of(parse(reference));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the tag moves over time in a way that can jump versions: {@code latest}, {@code develop},
     * {@code nightly}, {@code edge} and their suffixed forms such as {@code latest-lts}. A digest pins
     * the image whatever the tag says.
     */
    public boolean isFloating() {
        if (digest != null || tag == null) {
            return false;
        }
        String t = tag.toLowerCase(Locale.ROOT);
        for (String word : new String[] {"latest", "develop", "nightly", "edge", "main", "master"}) {
            if (t.equals(word) || t.startsWith(word + "-")) {
                return true;
            }
        }
        return false;
    }

    /** The leading number of the tag ({@code 18} for {@code 18.1-bookworm}, {@code 1} for {@code v1.3.4}). */
    public Optional<Integer> leadingVersion() {
        if (tag == null) {
            return Optional.empty();
        }
        Matcher m = Pattern.compile("v?([0-9]{1,4})(?:[.-].*)?").matcher(tag);
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** The reference as Compose and Docker spell it. */
    public String reference() {
        return repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    @Override
    public String toString() {
        return reference();
    }
}
