package io.kestrastack.proxy.internal;

import java.util.Map;
import org.apache.commons.text.translate.CharSequenceTranslator;
import org.apache.commons.text.translate.LookupTranslator;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Text rules for the Caddyfile (as read by Caddy 2.6 and later). Every model value written to a
 * Caddyfile passes through {@link #token(String)} or {@link #headerField(String)}; nothing else in the
 * renderer writes user text.
 *
 * <p>How Caddy reads a token: white space separates tokens; {@code #} at the start of a token begins a
 * comment; a token that starts with {@code "} ends at the next unescaped {@code "}, and inside it only
 * {@code \"} is an escape (any other backslash stays as it is, so a backslash cannot come right before the
 * closing quote); a token that starts with a backtick ends at the next backtick and has no escapes at all.
 * Before any of that, Caddy replaces {@code {$VAR}} with environment variables anywhere in the file, and at
 * run time most directives replace {@code {placeholders}}.
 *
 * <p>So a value is written bare when it only has plain characters, in double quotes when it has no
 * backslash, and in backticks otherwise. A value is refused when it is empty, has a control character or
 * line break, a brace ({@code {} or {@code }}), or both a backslash and a backtick.
 */
public final class CaddyText {

    /** Inside double quotes the Caddyfile lexer reads {@code \"} as a quote (values with a backslash use backticks). */
    private static final CharSequenceTranslator QUOTED = new LookupTranslator(Map.of("\"", "\\\""));

    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9/][A-Za-z0-9._~:/@+=,%*-]*");

    private CaddyText() {}

    /** Why {@code value} cannot be one Caddyfile token that reads back unchanged, or {@code null} if it can. */
    public static @Nullable String problem(String value) {
        if (value.isEmpty()) {
            return "is empty";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return "contains a control character or a line break";
            }
            if (c == '{' || c == '}') {
                return "contains '{' or '}', which Caddy reads as a block, a placeholder or an environment variable";
            }
        }
        if (value.indexOf('\\') >= 0 && value.indexOf('`') >= 0) {
            return "contains both a backslash and a backtick, which no Caddyfile quoting can carry";
        }
        return null;
    }

    /** {@code value} as one token that Caddy reads back exactly. */
    public static String token(String value) {
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException("a Caddyfile token " + problem);
        }
        if (BARE.matcher(value).matches()) {
            return value;
        }
        if (value.indexOf('\\') < 0) {
            return '"' + QUOTED.translate(value) + '"';
        }
        return '`' + value + '`';
    }

    /** Why {@code name} cannot be a field name in a {@code header} block, or {@code null} if it can. */
    public static @Nullable String headerFieldProblem(String name) {
        if (!name.matches("[A-Za-z][A-Za-z0-9-]*")) {
            return "is not letters, digits and '-'";
        }
        if (name.equals("defer")) {
            return "is 'defer', a keyword of Caddy's header block";
        }
        return null;
    }

    /** A response header name inside a {@code header} block. */
    public static String headerField(String name) {
        String problem = headerFieldProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException("a header field " + problem);
        }
        return name;
    }

    /**
     * A comment line ({@code # text}). Caddy replaces {@code {$VAR}} even in comments, so braces are refused
     * like line breaks.
     */
    public static String comment(String text) {
        if (text.chars().anyMatch(c -> Character.isISOControl(c) || c == '{' || c == '}' || c == '\u2028' || c == '\u2029')) {
            throw new IllegalArgumentException("a Caddyfile comment may not contain a line break or a brace");
        }
        return text.isEmpty() ? "#" : "# " + text;
    }

    /** A whole number, such as a port. */
    public static String number(long value) {
        return Long.toString(value);
    }
}
