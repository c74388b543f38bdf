package io.kestrastack.lint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Assertions for users' unit tests (JUnit, TestNG or anything that reports an {@link AssertionError}):
 * a stack's configuration is checked like code.
 *
 * <pre>{@code
 * @Test
 * void deployment_stack_lints_clean() {
 *     StackLintAssertions.assertLintsClean(Path.of("deploy"));
 * }
 * }</pre>
 *
 * <p>The failure message lists each finding on its own line as {@code file:line rule: message}.
 */
public final class StackLintAssertions {

    private StackLintAssertions() {}

    /**
     * Fails unless linting {@code directory} finds nothing, apart from the rules whose ids are listed in
     * {@code ignoredRules}.
     *
     * @throws AssertionError listing the findings
     * @throws IllegalArgumentException if an ignored id names no rule (a typo would silently ignore nothing)
     */
    public static void assertLintsClean(Path directory, String... ignoredRules) {
        assertNoFindings(StackLint.lintDirectory(directory), ignoredRules);
    }

    /**
     * Fails unless linting the in-memory bundle {@code files} (relative path to content) finds nothing,
     * apart from {@code ignoredRules}.
     *
     * @throws AssertionError listing the findings
     * @throws IllegalArgumentException if an ignored id names no rule
     */
    public static void assertLintsClean(Map<String, String> files, String... ignoredRules) {
        assertNoFindings(StackLint.lint(files), ignoredRules);
    }

    /**
     * Fails if {@code findings}, apart from those of {@code ignoredRules}, is not empty.
     *
     * @throws AssertionError listing the findings
     * @throws IllegalArgumentException if an ignored id names no rule
     */
    public static void assertNoFindings(List<Finding> findings, String... ignoredRules) {
        Objects.requireNonNull(findings, "findings");
        Set<Rule> ignored = new LinkedHashSet<>();
        for (String id : ignoredRules) {
            ignored.add(Rule.byId(id).orElseThrow(() -> new IllegalArgumentException("no lint rule has the id '" + id
                    + "'; see docs/rules.md")));
        }
        List<Finding> left = new ArrayList<>();
        for (Finding f : findings) {
            if (!ignored.contains(f.rule())) {
                left.add(f);
            }
        }
        if (!left.isEmpty()) {
            throw new AssertionError(message(left));
        }
    }

    private static String message(List<Finding> findings) {
        StringBuilder out = new StringBuilder();
        out.append("expected the stack to lint clean, but found ").append(findings.size())
                .append(findings.size() == 1 ? " problem:\n" : " problems:\n");
        out.append(Findings.toText(findings));
        return out.toString();
    }
}
