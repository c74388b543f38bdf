package io.kestrastack.proxy.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kestrastack.StackConfigException;
import io.kestrastack.Violation;
import java.util.List;
import java.util.function.Supplier;

/** Assertions on the violations a build reports. */
public final class Violations {

    private Violations() {}

    /** The violations {@code build} throws; fails if it does not throw. */
    public static List<Violation> of(Supplier<?> build) {
        return assertThrows(StackConfigException.class, build::get).violations();
    }

    /** Fails unless {@code build} throws a violation with this path and code. */
    public static void expect(Supplier<?> build, String path, String code) {
        List<Violation> found = of(build);
        if (found.stream().noneMatch(v -> v.path().equals(path) && v.code().equals(code))) {
            throw new AssertionError("expected " + path + " [" + code + "] among " + found);
        }
    }
}
