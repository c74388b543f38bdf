package io.kestrastack;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by every {@code build()} in this library when the model is invalid. It holds all the
 * {@linkplain #violations() violations} found, not just the first, and its message lists one per line.
 * It never contains a secret value.
 */
public final class StackConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    /**
     * A report of the given violations.
     *
     * @param violations at least one violation
     */
    public StackConfigException(List<Violation> violations) {
        super(format(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a StackConfigException needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    private static String format(List<Violation> violations) {
        return violations.size() + (violations.size() == 1 ? " problem" : " problems") + ":\n  "
                + violations.stream().map(Violation::toString).collect(Collectors.joining("\n  "));
    }

    /** Every violation found, in the order the checks ran. */
    public List<Violation> violations() {
        return violations;
    }
}
