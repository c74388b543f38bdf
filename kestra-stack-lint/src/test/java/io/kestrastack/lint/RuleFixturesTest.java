package io.kestrastack.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rule has a fixture directory {@code rules/<id>/} with a {@code trigger/} stack that breaks it,
 * an {@code expected} list of the {@code file:line} where each finding must be reported, and a
 * {@code clean/} stack of near misses that must not be reported. Rules whose trigger cannot be a file in
 * the repository are exercised below with a stack built at test time.
 */
class RuleFixturesTest {

    /** Rules triggered by stacks built in this class rather than by files under {@code rules/}. */
    private static final Set<Rule> BUILT_HERE = EnumSet.of(Rule.FILE_UNREADABLE, Rule.LINT_INTERNAL_ERROR);

    @Test
    void every_rule_has_a_trigger_a_clean_stack_and_expected_lines() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Rule rule : Rule.values()) {
            if (BUILT_HERE.contains(rule)) {
                continue;
            }
            Path dir = Fixtures.RULES.resolve(rule.id());
            for (String part : List.of("trigger", "clean", "expected")) {
                if (!Files.exists(dir.resolve(part))) {
                    missing.add(rule.id() + "/" + part);
                }
            }
        }
        assertEquals(List.of(), missing, "fixtures missing under " + Fixtures.RULES);
        try (Stream<Path> dirs = Files.list(Fixtures.RULES)) {
            List<String> unknown = dirs.map(d -> d.getFileName().toString())
                    .filter(id -> Rule.byId(id).isEmpty()).toList();
            assertEquals(List.of(), unknown, "fixture directories that name no rule");
        }
    }

    @TestFactory
    Stream<DynamicTest> each_rule_is_reported_at_the_expected_lines_of_its_trigger() {
        return Stream.of(Rule.values()).filter(r -> !BUILT_HERE.contains(r)).map(rule -> DynamicTest.dynamicTest(
                rule.id(), () -> {
                    Path trigger = Fixtures.RULES.resolve(rule.id()).resolve("trigger");
                    List<Finding> findings = StackLint.lintDirectory(trigger);
                    assertEquals(Fixtures.lines(Fixtures.RULES.resolve(rule.id()).resolve("expected")),
                            Fixtures.locations(findings, rule, trigger), () -> Findings.toText(findings));
                }));
    }

    @TestFactory
    Stream<DynamicTest> no_rule_is_reported_for_its_clean_near_misses() {
        return Stream.of(Rule.values()).filter(r -> !BUILT_HERE.contains(r)).map(rule -> DynamicTest.dynamicTest(
                rule.id(), () -> {
                    Path clean = Fixtures.RULES.resolve(rule.id()).resolve("clean");
                    List<Finding> findings = StackLint.lintDirectory(clean);
                    assertEquals(new TreeSet<>(), Fixtures.locations(findings, rule, clean),
                            () -> Findings.toText(findings));
                }));
    }

    @Test
    void a_link_to_a_missing_file_is_reported_as_unreadable_and_a_readable_file_is_not(@TempDir Path dir)
            throws IOException {
        Files.createSymbolicLink(dir.resolve("Caddyfile"), dir.resolve("nowhere"));
        Files.writeString(dir.resolve("nginx.conf"), "events {}\n");
        List<Finding> findings = StackLint.lintDirectory(dir);
        assertEquals(Set.of("Caddyfile:1"), Fixtures.locations(findings, Rule.FILE_UNREADABLE, dir));
    }

    @Test
    void a_path_that_does_not_exist_is_one_unreadable_finding(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-stack");
        List<Finding> findings = StackLint.lintPaths(List.of(missing));
        assertEquals(1, findings.size());
        assertEquals(Rule.FILE_UNREADABLE, findings.get(0).rule());
        assertEquals(missing.toString(), findings.get(0).file());
    }

    @Test
    void the_internal_error_rule_is_reported_only_when_a_check_itself_fails() {
        // The safety net turns an exception inside a check into a finding; see LinterSafetyNetTest for the
        // failing check. Here: ordinary stacks, however broken, never reach it.
        for (Rule rule : Rule.values()) {
            if (BUILT_HERE.contains(rule)) {
                continue;
            }
            List<Finding> findings = StackLint.lintDirectory(Fixtures.RULES.resolve(rule.id()));
            assertFalse(findings.stream().anyMatch(f -> f.rule() == Rule.LINT_INTERNAL_ERROR),
                    () -> Findings.toText(findings));
            assertTrue(findings.stream().allMatch(f -> f.line() >= 1));
        }
    }
}
