package io.kestrastack.lint;

import io.kestrastack.internal.Text;
import java.util.Objects;

/**
 * One problem found in one file: where it is, which rule it breaks, what is wrong and how to fix it.
 *
 * <p>Messages name settings, services and variables, never secret values.
 *
 * @param file the file, as it was given to {@link StackLint} (a path below the linted directory, the
 *     path passed in, or the key of an in-memory bundle)
 * @param line 1-based line in {@code file}
 * @param rule the rule broken; {@link Rule#id()} is stable and documented in {@code docs/rules.md}
 * @param message what is wrong here
 * @param fix what to change
 */
public record Finding(String file, int line, Rule rule, String message, String fix) {

    /** Control characters, line separators and bidi overrides in the texts are escaped ({@code \n}, {@code \u2028}). */
    public Finding {
        file = Text.printable(Objects.requireNonNull(file, "file"));
        Objects.requireNonNull(rule, "rule");
        message = Text.printable(Objects.requireNonNull(message, "message"));
        fix = Text.printable(Objects.requireNonNull(fix, "fix"));
        if (line < 1) {
            throw new IllegalArgumentException("line must be 1 or more");
        }
    }

    /** The rule's stable id, such as {@code nginx-proxy-buffering}. */
    public String ruleId() {
        return rule.id();
    }

    /** The rule's severity. */
    public Severity severity() {
        return rule.severity();
    }

    /** {@code file:line rule: message}. */
    @Override
    public String toString() {
        return file + ":" + line + " " + rule.id() + ": " + message;
    }
}
