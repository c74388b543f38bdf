package io.kestrastack.lint.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Kestra release a service runs, as far as its image tag tells.
 *
 * <p>{@code vX.Y.Z} and {@code vX.Y} name a release. {@code -full} tags ({@code latest-full},
 * {@code develop-full}, {@code v0.17.0-full}) are obsolete: Kestra's CI stopped building them when the plain
 * tag took over every plugin (kestra commit 0d9df7e, "chore: change Docker image tags", 31 July 2024:
 * "*-full -&gt; *") and stopped re-tagging {@code latest-full} in December 2024 (kestra commit 6bb521f), so they
 * run Kestra older than 0.24. {@code latest}, {@code develop}, an untagged image and any tag the linter
 * cannot read count as the current release.
 *
 * @param major the major version ({@link Integer#MAX_VALUE} for the current release)
 * @param minor the minor version
 * @param obsoleteTag whether the tag is a {@code -full} tag
 */
record KestraVersion(int major, int minor, boolean obsoleteTag) {

    private static final Pattern RELEASE = Pattern.compile("v?([0-9]+)\\.([0-9]+)(?:\\.[0-9]+)?(?:-.*)?");

    static final KestraVersion CURRENT = new KestraVersion(Integer.MAX_VALUE, 0, false);

    /** The version of a Compose service's Kestra image. */
    static KestraVersion of(ComposeProject.@Nullable Service service) {
        if (service == null) {
            return CURRENT;
        }
        return service.image().map(i -> parse(i.tag())).orElse(CURRENT);
    }

    /** The version a tag names. */
    static KestraVersion parse(@Nullable String tag) {
        if (tag == null) {
            return CURRENT;
        }
        String t = tag.toLowerCase(Locale.ROOT);
        boolean full = t.endsWith("-full");
        Matcher m = RELEASE.matcher(t);
        if (m.matches()) {
            try {
                return new KestraVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), full);
            } catch (NumberFormatException e) {
                return CURRENT;
            }
        }
        // latest-full, develop-full: built from releases before 0.24 (see above).
        return full ? new KestraVersion(0, 23, true) : CURRENT;
    }

    /** Whether this is {@code major.minor} or later. */
    boolean atLeast(int maj, int min) {
        return major > maj || (major == maj && minor >= min);
    }

    /** How to name it in a message. */
    String describe() {
        return major == Integer.MAX_VALUE ? "the current release" : major + "." + minor;
    }
}
