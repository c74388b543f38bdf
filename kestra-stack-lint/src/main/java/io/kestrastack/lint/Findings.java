package io.kestrastack.lint;

import java.util.List;

/** Formats findings for people ({@link #toText}) and for machines ({@link #toJson}). */
public final class Findings {

    private Findings() {}

    /**
     * One line per finding, {@code file:line rule: message}, each ending in {@code \n}; the empty string
     * when there is none.
     */
    public static String toText(List<Finding> findings) {
        StringBuilder out = new StringBuilder();
        for (Finding f : findings) {
            out.append(oneLine(f.toString())).append('\n');
        }
        return out.toString();
    }

    /**
     * Like {@link #toText} with, under each finding, its severity, fix and documentation page on an
     * indented line.
     */
    public static String toDetailedText(List<Finding> findings) {
        StringBuilder out = new StringBuilder();
        for (Finding f : findings) {
            out.append(oneLine(f.toString())).append('\n');
            out.append("    ").append(f.severity().label()).append("; fix: ").append(oneLine(f.fix()))
                    .append(" (").append(f.rule().documentation()).append(")\n");
        }
        return out.toString();
    }

    /**
     * A JSON array with one object per finding, in order:
     * {@code {"file":…,"line":…,"rule":…,"severity":"error"|"warning","message":…,"fix":…}}, followed by a
     * line break. Strings are escaped per RFC 8259; control characters, {@code U+2028}, {@code U+2029} and
     * unpaired surrogates are written as {@code \}{@code uXXXX}, so the output is plain ASCII-safe JSON text.
     */
    public static String toJson(List<Finding> findings) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            out.append(i == 0 ? "\n  " : ",\n  ");
            out.append("{\"file\":").append(jsonString(f.file()));
            out.append(",\"line\":").append(f.line());
            out.append(",\"rule\":").append(jsonString(f.rule().id()));
            out.append(",\"severity\":").append(jsonString(f.severity().label()));
            out.append(",\"message\":").append(jsonString(f.message()));
            out.append(",\"fix\":").append(jsonString(f.fix()));
            out.append('}');
        }
        out.append(findings.isEmpty() ? "]\n" : "\n]\n");
        return out.toString();
    }

    /**
     * A JSON string literal for {@code value}, quotes included, escaped as {@link #toJson} escapes (also used by
     * the {@code check} report, so that the project has one JSON string escaper).
     */
    public static String jsonString(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                        unicodeEscape(out, c);
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                            out.append(c).append(value.charAt(i + 1));
                            i++;
                        } else {
                            unicodeEscape(out, c);
                        }
                    } else if (Character.isLowSurrogate(c)) {
                        unicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u");
        String hex = Integer.toHexString(c);
        out.append("0".repeat(4 - hex.length())).append(hex);
    }

    /** Keeps a finding on one line whatever its text holds. */
    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\u2028\\u2029]+", " ");
    }
}
