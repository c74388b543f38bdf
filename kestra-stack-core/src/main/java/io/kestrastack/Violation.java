package io.kestrastack;

import io.kestrastack.internal.Text;
import java.util.Objects;

/**
 * One problem found while building a stack: where it is, a stable code, what is wrong and how to fix it.
 *
 * <p>A violation names the field, never the offending value, so it is safe to log even when the field
 * holds a secret.
 *
 * @param path dotted path from the stack root, for example {@code kestra.basicAuth.username}
 * @param code stable kebab-case identifier of the rule, for example {@code not-an-email}; tests and
 *     tools may match on it
 * @param message what is wrong, for a person
 * @param fix what to do about it, for a person
 */
public record Violation(String path, String code, String message, String fix) {

    /** Control characters, line separators and bidi overrides in every part are escaped ({@code \n}, {@code \u2028}). */
    public Violation {
        path = Text.printable(Objects.requireNonNull(path, "path"));
        code = Text.printable(Objects.requireNonNull(code, "code"));
        message = Text.printable(Objects.requireNonNull(message, "message"));
        fix = Text.printable(Objects.requireNonNull(fix, "fix"));
    }

    /** This violation with {@code prefix} put in front of its path. */
    public Violation under(String prefix) {
        if (prefix.isEmpty()) {
            return this;
        }
        return new Violation(path.isEmpty() ? prefix : prefix + "." + path, code, message, fix);
    }

    /** One line: {@code path [code]: message; fix: fix}. */
    @Override
    public String toString() {
        return (path.isEmpty() ? "(stack)" : path) + " [" + code + "]: " + message + "; fix: " + fix;
    }
}
