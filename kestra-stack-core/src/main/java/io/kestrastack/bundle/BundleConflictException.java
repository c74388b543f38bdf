package io.kestrastack.bundle;

import io.kestrastack.Violation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a bundle cannot be written without losing something: files the user edited (without
 * force), or an existing {@code .env} whose values cannot be carried over. Nothing has been written
 * when it is thrown. Never contains a secret value.
 */
public final class BundleConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    BundleConflictException(List<Violation> violations) {
        super(violations.size() + (violations.size() == 1 ? " problem" : " problems") + " writing the bundle:\n  "
                + violations.stream().map(Violation::toString).collect(Collectors.joining("\n  ")));
        this.violations = List.copyOf(violations);
    }

    /** Every problem, each with the file as its path. */
    public List<Violation> violations() {
        return violations;
    }
}
