package io.kestrastack.proxy.internal;

import java.util.Map;
import org.apache.commons.text.translate.CharSequenceTranslator;
import org.apache.commons.text.translate.LookupTranslator;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Text rules for nginx configuration files (as read by nginx 1.22 and later). Every model value written to
 * an nginx configuration passes through exactly one of {@link #argument(String)}, {@link #interpolated(String)}
 * or {@link #number(long)}.
 *
 * <p>How nginx reads an argument: white space separates arguments; {@code ;}, {@code {} and {@code }} end a
 * directive; {@code #} at the start of an argument begins a comment; an argument that starts with
 * {@code "} or {@code '} ends at the matching unescaped quote; and in every argument {@code \"},
 * {@code \'} and {@code \\} stand for the character itself ({@code \t}, {@code \r}, {@code \n} for control
 * characters). Directives that take variables then replace {@code $name} and {@code ${name}}; nginx has no
 * escape for a literal {@code $}, so {@link #interpolated(String)} writes it as {@code ${kestra_stack_dollar}},
 * a variable the renderer defines with {@code geo} to hold a single {@code $}.
 *
 * <p>nginx reads its configuration in 4096-byte pieces and refuses an argument longer than that.
 */
public final class NginxText {

    /** Inside double quotes nginx reads {@code \\} and {@code \"} as escapes. */
    private static final CharSequenceTranslator QUOTED = new LookupTranslator(Map.of("\\", "\\\\", "\"", "\\\""));

    /** The variable that holds a literal {@code $} (defined by {@link #DOLLAR_DEFINITION}). */
    public static final String DOLLAR_VARIABLE = "kestra_stack_dollar";
    /** The {@code geo} block header that defines {@link #DOLLAR_VARIABLE}. */
    public static final String DOLLAR_DEFINITION = "geo $" + DOLLAR_VARIABLE;
    /** The longest argument written, in characters (nginx refuses a parameter over 4096 bytes). */
    public static final int MAX_ARGUMENT_LENGTH = 4000;

    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9/][A-Za-z0-9._~:/@+=,%*-]*");

    private NginxText() {}

    /** Why {@code value} cannot be written as an argument without variables, or {@code null} if it can. */
    public static @Nullable String problem(String value) {
        String common = commonProblem(value);
        if (common != null) {
            return common;
        }
        if (value.indexOf('$') >= 0) {
            return "contains '$', which nginx may read as a variable";
        }
        return quotedLength(value) > MAX_ARGUMENT_LENGTH ? "is too long for one nginx argument" : null;
    }

    /** Why {@code value} cannot be written as an argument of a directive with variables, or {@code null}. */
    public static @Nullable String interpolatedProblem(String value) {
        String common = commonProblem(value);
        if (common != null) {
            return common;
        }
        return interpolatedText(value).length() > MAX_ARGUMENT_LENGTH ? "is too long for one nginx argument" : null;
    }

    private static @Nullable String commonProblem(String value) {
        if (value.isEmpty()) {
            return "is empty";
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
            return "contains a control character or a line break";
        }
        return null;
    }

    /**
     * {@code value} as one argument of a directive that does not expand variables in it (or whose value has
     * no {@code $}): bare when it has only plain characters, double-quoted otherwise.
     */
    public static String argument(String value) {
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException("an nginx argument " + problem);
        }
        return BARE.matcher(value).matches() ? value : quoted(value);
    }

    /**
     * {@code value} as one double-quoted argument of a directive that expands variables (such as
     * {@code add_header}), with each literal {@code $} written as {@code ${kestra_stack_dollar}}. The
     * configuration must define that variable when {@link #needsDollar(String)} is true for any value.
     */
    public static String interpolated(String value) {
        String problem = interpolatedProblem(value);
        if (problem != null) {
            throw new IllegalArgumentException("an nginx argument " + problem);
        }
        return interpolatedText(value);
    }

    /** Whether {@link #interpolated(String)} of {@code value} refers to {@link #DOLLAR_VARIABLE}. */
    public static boolean needsDollar(String value) {
        return value.indexOf('$') >= 0;
    }

    /** A comment line ({@code # text}); a comment ends at the line break, so line breaks are refused. */
    public static String comment(String text) {
        if (text.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
            throw new IllegalArgumentException("an nginx comment may not contain a line break");
        }
        return text.isEmpty() ? "#" : "# " + text;
    }

    /** A whole number, such as a port or a size. */
    public static String number(long value) {
        return Long.toString(value);
    }

    /** The length of {@link #quoted(String)} without building it. */
    private static int quotedLength(String value) {
        int escapes = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '"') {
                escapes++;
            }
        }
        return value.length() + 2 + escapes;
    }

    private static String quoted(String value) {
        return '"' + QUOTED.translate(value) + '"';
    }

    private static String interpolatedText(String value) {
        return quoted(value).replace("$", "${" + DOLLAR_VARIABLE + "}");
    }
}
