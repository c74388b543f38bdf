package io.kestrastack.testing;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose v2's interpolation of strings in {@code docker-compose.yml} (and of unquoted and double-quoted
 * {@code .env} values), written after compose-go's {@code template} package (v2.13):
 *
 * <ul>
 *   <li>{@code $$} is a literal {@code $};</li>
 *   <li>{@code $NAME} and {@code ${NAME}} are replaced by the variable's value, or by nothing when it is
 *       unset (Compose warns; here the name is reported to {@code onMissing});</li>
 *   <li>{@code ${NAME:-default}} / {@code ${NAME-default}}: the default when unset or empty / unset;</li>
 *   <li>{@code ${NAME:?message}} / {@code ${NAME?message}}: an error when unset or empty / unset;</li>
 *   <li>{@code ${NAME:+other}} / {@code ${NAME+other}}: {@code other} when set and not empty / set;</li>
 *   <li>defaults and messages are interpolated themselves, and may contain braces;</li>
 *   <li>{@code ${} followed by anything that is not a name is an error; a {@code $} followed by any other
 *       character (a space, a digit, the end of the text) stays as it is.</li>
 * </ul>
 *
 * <p>Names are {@code [_A-Za-z][_A-Za-z0-9]*}. The result is never interpolated again.
 */
public final class ComposeTemplate {

    /** Where variables come from: the value, or empty when the variable is unset. */
    @FunctionalInterface
    public interface Lookup {
        /** The value of {@code name}, if set. */
        Optional<String> find(String name);
    }

    /** A string that Compose refuses to interpolate, or a required variable that is missing. */
    public static final class TemplateException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        TemplateException(String message) {
            super(message);
        }
    }

    // The same shape as compose-go's pattern: "$" then an escaped "$", a bare name, a braced name with an
    // optional operator whose argument runs greedily to the last "}", or "${" with anything else (invalid).
    // UNIX_LINES: like Go's ".", Java's "." then stops only at "\n".
    private static final Pattern PATTERN = Pattern.compile(
            "\\$(?i:(?<escaped>\\$)|(?<named>[_a-z][_a-z0-9]*)"
                    + "|\\{(?:(?<braced>[_a-z][_a-z0-9]*(?::?[-+?](.*))?)\\}|(?<invalid>)))",
            Pattern.UNIX_LINES);

    /** Operators, in the order compose-go lists them; the one that occurs first in a reference applies. */
    private static final List<String> OPERATORS = List.of(":?", "?", ":-", "-", ":+", "+");

    private ComposeTemplate() {}

    /**
     * Interpolates {@code template}.
     *
     * @param lookup the variables
     * @param onMissing told the name of every plain reference to an unset variable
     * @throws TemplateException for an invalid reference or a missing required variable
     */
    public static String substitute(String template, Lookup lookup, Consumer<String> onMissing) {
        Matcher m = PATTERN.matcher(template);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(template, last, m.start());
            out.append(replace(m.group(), lookup, onMissing, template));
            last = m.end();
        }
        out.append(template, last, template.length());
        return out.toString();
    }

    /** Interpolates {@code template}, failing on any reference to an unset variable. */
    public static String substituteStrict(String template, Lookup lookup) {
        return substitute(template, lookup, name -> {
            throw new TemplateException("variable " + name + " is not set");
        });
    }

    private static String replace(String matched, Lookup lookup, Consumer<String> onMissing, String template) {
        String operator = firstOperator(matched);
        int close = firstClosingBrace(matched);
        String head = close < 0 ? matched : matched.substring(0, close + 1);
        String rest = close < 0 ? "" : matched.substring(close + 1);

        Matcher g = PATTERN.matcher(head);
        if (!g.find()) {
            throw new IllegalStateException("pattern does not match its own match: " + head);
        }
        if (g.group("escaped") != null) {
            return "$";
        }
        String substitution = g.group("named");
        boolean braced = false;
        if (substitution == null) {
            substitution = g.group("braced");
            braced = true;
        }
        if (substitution == null || substitution.isEmpty()) {
            throw new TemplateException("invalid template: " + template);
        }
        if (braced && operator != null && substitution.contains(operator)) {
            return apply(operator, substitution, lookup, onMissing) + substitute(rest, lookup, onMissing);
        }
        Optional<String> value = lookup.find(substitution);
        if (value.isEmpty()) {
            onMissing.accept(substitution);
        }
        return value.orElse("");
    }

    private static String apply(String operator, String substitution, Lookup lookup, Consumer<String> onMissing) {
        int at = substitution.indexOf(operator);
        String name = substitution.substring(0, at);
        String argument = substitution.substring(at + operator.length());
        Optional<String> value = lookup.find(name);
        boolean set = value.isPresent();
        boolean nonEmpty = set && !value.get().isEmpty();
        switch (operator) {
            case ":?":
            case "?":
                if (operator.equals(":?") ? !nonEmpty : !set) {
                    throw new TemplateException("required variable " + name + " is missing a value: "
                            + substitute(argument, lookup, onMissing));
                }
                return value.get();
            case ":-":
                return nonEmpty ? value.get() : substitute(argument, lookup, onMissing);
            case "-":
                return set ? value.get() : substitute(argument, lookup, onMissing);
            case ":+":
                return nonEmpty ? substitute(argument, lookup, onMissing) : value.orElse("");
            case "+":
                return set ? substitute(argument, lookup, onMissing) : "";
            default:
                throw new IllegalStateException(operator);
        }
    }

    /** The operator that occurs first in the reference, or null if it has none. */
    private static String firstOperator(String matched) {
        String best = null;
        int bestIndex = Integer.MAX_VALUE;
        for (String op : OPERATORS) {
            int i = matched.indexOf(op);
            if (i >= 0 && i < bestIndex) {
                best = op;
                bestIndex = i;
            }
        }
        return best;
    }

    /** The index of the "}" that closes the first "{", counting nested braces as compose-go does. */
    private static int firstClosingBrace(String s) {
        int open = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '}') {
                open--;
                if (open == 0) {
                    return i;
                }
            }
            if (c == '{') {
                open++;
                i++;
            }
        }
        return -1;
    }
}
