package io.kestrastack.lint.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Compose v2 variable interpolation, as applied to every value of the Compose file and to unquoted and
 * double-quoted {@code .env} values:
 * <ul>
 *   <li>{@code $$} is a literal {@code $};
 *   <li>{@code $NAME} and {@code ${NAME}} are replaced by the variable, or by nothing when it is unset;
 *   <li>{@code ${NAME:-default}} / {@code ${NAME-default}} use the default when the variable is unset or
 *       empty / unset; {@code ${NAME:?message}} / {@code ${NAME?message}} require it;
 *       {@code ${NAME:+alt}} / {@code ${NAME+alt}} use {@code alt} when it is set and non-empty / set;
 *       defaults and alternatives are interpolated too;
 *   <li>any other {@code $} (followed by a digit, a space, the end of the text, or a {@code ${...}} that is
 *       not one of the forms above) makes the whole value invalid.
 * </ul>
 * Names are {@code [A-Za-z_][A-Za-z0-9_]*}. Variables come only from the given lookup (the project's
 * {@code .env}); the shell environment is never read, so results are deterministic.
 */
public final class Interpolation {

    /**
     * One variable reference.
     *
     * @param name the variable
     * @param offset where its {@code $} is in the text
     * @param guarded whether a default, an alternative or a required-marker makes an unset variable
     *     intentional
     * @param defined whether the lookup knows the variable
     * @param unknown whether the variable is set where Compose runs but its value is not known to the linter
     *     (declared in an {@code .env.example}, required with {@code :?}, a shell variable, or part of an
     *     {@code .env} that is not among the linted files)
     * @param required whether the reference is {@code ${NAME:?...}} or {@code ${NAME?...}}
     * @param fallback the default of {@code ${NAME:-default}} / {@code ${NAME-default}} as written, or null
     */
    public record Reference(String name, int offset, boolean guarded, boolean defined, boolean unknown,
            boolean required, @Nullable String fallback) {}

    /**
     * Marks, in {@link Result#value()}, where a variable whose value is unknown was: the character U+E000
     * (private use), then the name, then U+E000. Consumers that see it know the value is not the text.
     */
    public static final char UNKNOWN_MARK = '\uE000';

    /**
     * The outcome.
     *
     * @param value the interpolated text (unset variables replaced by nothing)
     * @param references every reference, in order (also those inside defaults)
     * @param invalidAt offset of the first {@code $} Compose rejects, or -1
     * @param complete whether every reference that matters resolved (set, or covered by its default)
     * @param tooDeep whether defaults nest deeper than {@link #MAX_NESTING} (the rest was not read)
     */
    public record Result(String value, List<Reference> references, int invalidAt, boolean complete, boolean tooDeep) {

        /** References to variables the lookup does not know and nothing guards. */
        public List<Reference> unguardedUndefined() {
            List<Reference> out = new ArrayList<>();
            for (Reference r : references) {
                if (!r.defined() && !r.guarded() && !r.unknown()) {
                    out.add(r);
                }
            }
            return out;
        }
    }

    /**
     * Deepest nesting of {@code ${A:-${B:-...}}} read: no stack nests defaults this far, and it bounds the
     * recursion (and the text copied per level) on hostile input.
     */
    public static final int MAX_NESTING = 16;

    private final Function<String, @Nullable String> lookup;
    private final java.util.function.Predicate<String> unknown;
    private final List<Reference> references = new ArrayList<>();
    private int invalidAt = -1;
    private boolean complete = true;
    private boolean tooDeep;
    private int depth;

    private Interpolation(Function<String, @Nullable String> lookup, java.util.function.Predicate<String> unknown) {
        this.lookup = lookup;
        this.unknown = unknown;
    }

    /** Interpolates {@code text} with variables from {@code lookup} (null for unset). */
    public static Result apply(String text, Function<String, @Nullable String> lookup) {
        return apply(text, lookup, name -> false);
    }

    /**
     * Interpolates {@code text} with variables from {@code lookup} (null for unset); a variable that the
     * lookup does not know and {@code unknown} accepts is set, to a value the linter cannot see: the result
     * is then incomplete and holds {@link #UNKNOWN_MARK}s where it was.
     */
    public static Result apply(String text, Function<String, @Nullable String> lookup,
            java.util.function.Predicate<String> unknown) {
        Interpolation i = new Interpolation(lookup, unknown);
        String value = i.substitute(text, 0, false);
        return new Result(value, List.copyOf(i.references), i.invalidAt, i.complete && i.invalidAt < 0 && !i.tooDeep,
                i.tooDeep);
    }

    /** Whether {@code text} contains any {@code $} that Compose would act on (anything but {@code $$}). */
    public static boolean hasInterpolation(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '$') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '$') {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    private String substitute(String text, int base, boolean guarded) {
        if (depth > MAX_NESTING || tooDeep) {
            tooDeep = true;
            return "";
        }
        depth++;
        try {
            return substituteLevel(text, base, guarded);
        } finally {
            depth--;
        }
    }

    private String substituteLevel(String text, int base, boolean guarded) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            if (i + 1 < text.length() && isNameStart(text.charAt(i + 1))) {
                int end = i + 2;
                while (end < text.length() && isNamePart(text.charAt(end))) {
                    end++;
                }
                out.append(resolve(text.substring(i + 1, end), base + i, guarded));
                i = end;
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int close = closingBrace(text, i + 2);
                if (close < 0) {
                    invalid(base + i);
                    return out.toString();
                }
                String inner = text.substring(i + 2, close);
                String value = braced(inner, base + i, base + i + 2, guarded);
                if (value == null) {
                    invalid(base + i);
                    return out.toString();
                }
                out.append(value);
                i = close + 1;
                continue;
            }
            invalid(base + i);
            return out.toString();
        }
        return out.toString();
    }

    private @Nullable String braced(String inner, int dollarOffset, int innerOffset, boolean guarded) {
        if (inner.isEmpty() || !isNameStart(inner.charAt(0))) {
            return null;
        }
        int n = 1;
        while (n < inner.length() && isNamePart(inner.charAt(n))) {
            n++;
        }
        String name = inner.substring(0, n);
        String rest = inner.substring(n);
        if (rest.isEmpty()) {
            return resolve(name, dollarOffset, guarded);
        }
        String op;
        if (rest.startsWith(":-") || rest.startsWith(":?") || rest.startsWith(":+")) {
            op = rest.substring(0, 2);
        } else if (rest.startsWith("-") || rest.startsWith("?") || rest.startsWith("+")) {
            op = rest.substring(0, 1);
        } else {
            return null;
        }
        String argument = rest.substring(op.length());
        int argumentOffset = innerOffset + n + op.length();
        @Nullable String value = lookup.apply(name);
        boolean isUnknown = value == null && unknown.test(name);
        boolean isDefault = op.equals(":-") || op.equals("-");
        references.add(new Reference(name, dollarOffset, true, value != null, isUnknown,
                op.equals(":?") || op.equals("?"), isDefault ? argument : null));
        if (isUnknown) {
            substitute(argument, argumentOffset, true);
            complete = false;
            return mark(name);
        }
        boolean empty = value == null || value.isEmpty();
        switch (op) {
            case ":-":
            case "-": {
                boolean useDefault = op.equals(":-") ? empty : value == null;
                String fallback = substitute(argument, argumentOffset, true);
                return useDefault ? fallback : value;
            }
            case ":+":
            case "+": {
                boolean useAlternative = op.equals(":+") ? !empty : value != null;
                String alternative = substitute(argument, argumentOffset, true);
                return useAlternative ? alternative : "";
            }
            default: {
                substitute(argument, argumentOffset, true);
                boolean missing = op.equals(":?") ? empty : value == null;
                if (missing) {
                    complete = false;
                    return "";
                }
                return value;
            }
        }
    }

    private String resolve(String name, int offset, boolean guarded) {
        @Nullable String value = lookup.apply(name);
        boolean isUnknown = value == null && unknown.test(name);
        references.add(new Reference(name, offset, guarded, value != null, isUnknown, false, null));
        if (isUnknown) {
            complete = false;
            return mark(name);
        }
        if (value == null) {
            complete = false;
            return "";
        }
        return value;
    }

    private static String mark(String name) {
        return UNKNOWN_MARK + name + UNKNOWN_MARK;
    }

    private void invalid(int offset) {
        if (invalidAt < 0) {
            invalidAt = offset;
        }
        complete = false;
    }

    /** Index of the '}' closing a "${" whose content starts at {@code from}, counting nested "${". */
    private static int closingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                depth++;
                i++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
