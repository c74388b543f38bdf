package io.kestrastack.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kestrastack.Stack;
import io.kestrastack.testing.BundleDir;
import io.kestrastack.testing.Dclint;
import io.kestrastack.testing.StackArbitraries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@code dclint} 3.x, with the project's rule file {@code src/test/resources/dclint/dclintrc.yaml}, finds
 * nothing in any rendered {@code docker-compose.yml}. The test fails when the tool is missing: install it
 * with {@value Dclint#INSTALL}.
 */
class DclintTest {

    private static Dclint dclint;

    private static synchronized Dclint dclint() {
        if (dclint == null) {
            dclint = Dclint.locate();
        }
        return dclint;
    }

    @Test
    void the_golden_stacks_have_no_findings() {
        assertClean(GoldenFilesTest.cases().map(a -> (Stack) a.get()[1]).toList());
    }

    @Provide
    Arbitrary<List<Stack>> twentyStacks() {
        return StackArbitraries.stacks().list().ofSize(20);
    }

    /** Twenty generated stacks, linted in one run of dclint. */
    @Property(tries = 1)
    void generated_stacks_have_no_findings(@ForAll("twentyStacks") List<Stack> stacks) {
        assertClean(stacks);
    }

    @Test
    void the_rule_file_is_applied_the_configured_rules_fire_and_the_disabled_ones_do_not() throws IOException {
        Path dir = Files.createTempDirectory("dclint-rules");
        try {
            Path file = dir.resolve("docker-compose.yml");
            Files.writeString(file, String.join("\n",
                    "version: \"3.9\"",
                    "services:",
                    "  web:",
                    "    restart: unless-stopped",
                    "    image: nginx:latest",
                    "    ports:",
                    "      - 8080:80",
                    "      - '8443:443'",
                    "    volumes:",
                    "      - \"data:/data\"",
                    "  app:",
                    "    image: example/app:1.0",
                    "    ports:",
                    "      - \"9000:9000\"",
                    "volumes:",
                    "  data: {}",
                    ""), StandardCharsets.UTF_8);
            Set<String> rules = new TreeSet<>();
            dclint().lint(List.of(file)).forEach(m -> rules.add(m.rule()));
            // Fired: version key, missing name, latest tag, unquoted and single-quoted ports, quoted volume,
            // image after restart. Not fired: services out of alphabetical order, ports on every interface.
            assertEquals(new TreeSet<>(List.of("no-quotes-in-volumes", "no-version-field", "require-project-name-field",
                    "require-quotes-in-ports", "service-image-require-explicit-tag", "service-keys-order",
                    "top-level-properties-order")), rules);
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void assertClean(List<Stack> stacks) {
        List<BundleDir> dirs = new ArrayList<>();
        try {
            List<Path> files = new ArrayList<>();
            for (Stack s : stacks) {
                BundleDir dir = BundleDir.write(StackRenderer.render(s));
                dirs.add(dir);
                files.add(dir.file(ComposeRenderer.PATH));
            }
            dclint().assertClean(files);
        } finally {
            dirs.forEach(BundleDir::close);
        }
    }
}
