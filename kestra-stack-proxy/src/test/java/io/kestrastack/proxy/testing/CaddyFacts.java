package io.kestrastack.proxy.testing;

/** Caddy's own rules, restated for the tests from Caddy's source (caddyhttp matchers). */
public final class CaddyFacts {

    private CaddyFacts() {}

    /**
     * Whether a header-value pattern of a Caddy matcher accepts {@code value}: {@code *} matches anything,
     * {@code *x*} a value containing x, {@code *x} a suffix, {@code x*} a prefix, anything else equality.
     */
    public static boolean headerValueMatches(String pattern, String value) {
        if (pattern.equals("*")) {
            return true;
        }
        boolean starStart = pattern.startsWith("*");
        boolean starEnd = pattern.endsWith("*");
        if (starStart && starEnd) {
            return value.contains(pattern.substring(1, pattern.length() - 1));
        }
        if (starStart) {
            return value.endsWith(pattern.substring(1));
        }
        if (starEnd) {
            return value.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return value.equals(pattern);
    }
}
