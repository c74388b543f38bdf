package io.kestrastack.internal;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one shell escaper: every value put into a line of POSIX {@code sh} that kestra-stack generates
 * (the copy-paste steps of {@code VERIFY.md} and {@code BACKUP.md}, {@code nginx/certbot.sh}) goes through
 * it. A value becomes one single-quoted word, in which the shell expands nothing ({@code $}, backticks,
 * {@code $(...)}, globs, {@code ;} all stay text); a {@code '} inside is written {@code '\''}. Values
 * with control characters or line breaks are refused, since no quoting keeps them on one line.
 */
public final class ShellText {

    /** Characters that are one literal word in sh without quotes (the set Python's shlex.quote leaves bare). */
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellText() {}

    /** Why {@code value} cannot be one shell word, or {@code null} if it can. */
    public static @Nullable String problem(String value) {
        if (value.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
            return "contains a control character or a line break";
        }
        return null;
    }

    /** {@code value} as one single-quoted shell word, always quoted. */
    public static String word(String value) {
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException("a shell word " + problem);
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /**
     * {@code value} as one shell word for an argument: left bare when it only has characters the shell
     * reads literally (so {@code docker compose exec postgres} stays readable), else {@link #word(String)}.
     */
    public static String arg(String value) {
        return BARE.matcher(value).matches() ? value : word(value);
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
