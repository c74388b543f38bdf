package io.kestrastack.internal;

import io.kestrastack.StackConfigException;
import io.kestrastack.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Collects violations during a {@code build()} and throws them together at the end. */
public final class Problems {

    private final List<Violation> found = new ArrayList<>();

    /** Records one violation at {@code path}. */
    public Problems add(String path, String code, String message, String fix) {
        found.add(new Violation(path, code, message, fix));
        return this;
    }

    /** Records violations produced elsewhere, each put under {@code prefix}. */
    public Problems addAll(String prefix, List<Violation> violations) {
        for (Violation v : violations) {
            found.add(v.under(prefix));
        }
        return this;
    }

    /**
     * Runs a nested {@code build()}; its violations are recorded under {@code prefix} and
     * {@code null} is returned instead of throwing.
     */
    public <T> @Nullable T collect(String prefix, Supplier<T> build) {
        try {
            return build.get();
        } catch (StackConfigException e) {
            addAll(prefix, e.violations());
            return null;
        }
    }

    /** Whether anything was recorded. */
    public boolean isEmpty() {
        return found.isEmpty();
    }

    /** What has been recorded so far. */
    public List<Violation> violations() {
        return List.copyOf(found);
    }

    /** Throws a {@link StackConfigException} with everything recorded, if anything was. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new StackConfigException(found);
        }
    }
}
