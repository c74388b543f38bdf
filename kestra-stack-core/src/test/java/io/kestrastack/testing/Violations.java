package io.kestrastack.testing;

import io.kestrastack.StackConfigException;
import io.kestrastack.Violation;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.function.Executable;

/** Assertions on {@link StackConfigException}s, by violation path and code. */
public final class Violations {

    private Violations() {}

    /** Runs {@code build} and returns the {@link StackConfigException} it must throw. */
    public static StackConfigException assertInvalid(Executable build) {
        return Assertions.assertThrows(StackConfigException.class, build);
    }

    /** Asserts that {@code build} fails with a violation at {@code path} with {@code code}. */
    public static StackConfigException assertViolation(Executable build, String path, String code) {
        StackConfigException e = assertInvalid(build);
        assertHas(e, path, code);
        return e;
    }

    /** Asserts that {@code build} fails with exactly these {@code "path code"} pairs, in any order. */
    public static StackConfigException assertExactly(Executable build, String... pathAndCode) {
        StackConfigException e = assertInvalid(build);
        Assertions.assertEquals(List.of(pathAndCode).stream().sorted().toList(),
                keys(e).stream().sorted().toList(), "violations of\n" + e.getMessage());
        return e;
    }

    /** Asserts that {@code e} has a violation at {@code path} with {@code code}. */
    public static void assertHas(StackConfigException e, String path, String code) {
        Assertions.assertTrue(e.violations().stream().anyMatch(v -> v.path().equals(path) && v.code().equals(code)),
                () -> "expected " + path + " " + code + " among:\n" + e.getMessage());
    }

    /** Each violation as {@code "path code"}. */
    public static List<String> keys(StackConfigException e) {
        return e.violations().stream().map(Violations::key).collect(Collectors.toList());
    }

    /** {@code "path code"}. */
    public static String key(Violation v) {
        return v.path() + " " + v.code();
    }
}
