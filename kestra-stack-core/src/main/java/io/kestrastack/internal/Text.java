package io.kestrastack.internal;

/**
 * Text for people: the one place that makes user-supplied text safe to print in a message on one line.
 * Every violation and finding goes through it, so a value with a line break cannot print a fake extra
 * line and a terminal escape sequence cannot reach the terminal.
 */
public final class Text {

    private Text() {}

    /**
     * {@code s} with every control character (C0, DEL, C1 including U+0085), the Unicode line and
     * paragraph separators and the bidirectional override characters written as {@code \n}, {@code \r},
     * {@code \t} or {@code \}{@code uXXXX}.
     */
    public static String printable(String s) {
        int i = 0;
        while (i < s.length() && !needsEscape(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!needsEscape(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}
