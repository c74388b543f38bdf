package io.kestrastack.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/rules.md} is generated from the catalogue and must equal it. Regenerate it with
 * {@code ./mvnw -pl kestra-stack-lint test -Dtest=RuleDocumentationTest -Dkestra-stack.update-docs=true}.
 */
class RuleDocumentationTest {

    private static final Path DOC = Path.of("..", "docs", "rules.md");

    @Test
    void docs_rules_md_is_generated_from_the_catalogue() throws IOException {
        String expected = Rule.markdown();
        if (Boolean.getBoolean("kestra-stack.update-docs")) {
            Files.createDirectories(DOC.getParent());
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
        }
        if (!Files.exists(DOC)) {
            fail(DOC.toAbsolutePath().normalize() + " is missing; generate it with"
                    + " -Dkestra-stack.update-docs=true");
        }
        String actual = Files.readString(DOC, StandardCharsets.UTF_8);
        assertEquals(expected, actual, "docs/rules.md is out of date with Rule.java; regenerate it with ./mvnw -pl"
                + " kestra-stack-lint test -Dtest=RuleDocumentationTest -Dkestra-stack.update-docs=true");
    }

    @Test
    void rule_ids_are_unique_stable_kebab_case_and_documented_with_a_section() {
        Set<String> seen = new HashSet<>();
        String doc = Rule.markdown();
        for (Rule r : Rule.values()) {
            assertTrue(r.id().matches("[a-z][a-z0-9]*(-[a-z0-9]+)+"), r.id());
            assertTrue(seen.add(r.id()), "duplicate id " + r.id());
            assertEquals(r, Rule.byId(r.id()).orElseThrow());
            assertTrue(doc.contains("\n## " + r.id() + "\n"), r.id());
            assertTrue(r.summary().endsWith(".") && r.explanation().endsWith(".") && r.fix().endsWith("."), r.id());
            assertTrue(!r.summary().contains("|"), "a '|' would break the summary table: " + r.id());
        }
    }
}
