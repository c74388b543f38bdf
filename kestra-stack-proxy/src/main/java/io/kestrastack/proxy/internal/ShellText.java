package io.kestrastack.proxy.internal;

import java.util.Map;
import org.apache.commons.text.translate.CharSequenceTranslator;
import org.apache.commons.text.translate.LookupTranslator;

import org.jspecify.annotations.Nullable;

/**
 * Text rules for POSIX {@code sh} scripts: every model value is one single-quoted word, in which the shell
 * expands nothing; a {@code '} inside is written {@code '\''}. Values with control characters or line
 * breaks are refused.
 */
public final class ShellText {

    /** A single quote ends a single-quoted shell word: close, write an escaped quote, reopen. */
    private static final CharSequenceTranslator SINGLE_QUOTED = new LookupTranslator(Map.of("'", "'\\''"));

    private ShellText() {}

    /** Why {@code value} cannot be one shell word, or {@code null} if it can. */
    public static @Nullable String problem(String value) {
        if (value.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
            return "contains a control character or a line break";
        }
        return null;
    }

    /** {@code value} as one single-quoted shell word. */
    public static String word(String value) {
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException("a shell word " + problem);
        }
        return "'" + SINGLE_QUOTED.translate(value) + "'";
    }

    /** Text for a comment line: refused when it has a control character or a line break. */
    public static String comment(String text) {
        String problem = problem(text);
        if (problem != null) {
            throw new IllegalArgumentException("a shell comment " + problem);
        }
        return text;
    }
}
