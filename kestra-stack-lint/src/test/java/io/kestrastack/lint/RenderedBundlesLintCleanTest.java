package io.kestrastack.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.ConfigDelivery;
import io.kestrastack.Stack;
import io.kestrastack.render.RenderedFile;
import io.kestrastack.bundle.StackBundle;
import io.kestrastack.testing.BundleDir;
import io.kestrastack.testing.Examples;
import io.kestrastack.testing.StackArbitraries;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * The linter and the renderers hold the same rules: every bundle the library renders lints clean, and a
 * rendered bundle broken by hand is caught.
 */
class RenderedBundlesLintCleanTest {

    static Map<String, String> bundle(Stack stack) {
        Map<String, String> files = new LinkedHashMap<>();
        // The whole bundle as written to disk, day-2 parts (backup service, smoke-test flow) included.
        for (RenderedFile f : StackBundle.of(stack).files()) {
            files.put(f.path(), f.content());
        }
        return files;
    }

    @Provide
    Arbitrary<Stack> stacks() {
        return StackArbitraries.stacks();
    }

    @Property(tries = 300)
    void every_bundle_the_core_renders_lints_clean(@ForAll("stacks") Stack stack) {
        List<Finding> findings = StackLint.lint(bundle(stack));
        assertEquals("", Findings.toText(findings), () -> "for " + stack);
        Statistics.label("delivery").collect(stack.kestra().configDelivery());
        Statistics.label("context path").collect(stack.contextPath().isRoot() ? "root" : "sub-path");
        Statistics.label("delivery").coverage(c -> {
            c.check(ConfigDelivery.INLINE).percentage(p -> p > 20);
            c.check(ConfigDelivery.FILE).percentage(p -> p > 20);
        });
        Statistics.label("context path").coverage(c -> c.check("sub-path").percentage(p -> p > 20));
    }

    @Property(tries = 20)
    void a_bundle_written_to_disk_lints_like_the_same_bundle_in_memory(@ForAll("stacks") Stack stack) {
        List<RenderedFile> rendered = StackBundle.of(stack).files();
        try (BundleDir dir = BundleDir.write(rendered)) {
            assertEquals(List.of(), StackLint.lintDirectory(dir.root()));
        }
    }

    @Test
    void a_rendered_bundle_broken_by_hand_is_caught_rule_by_rule() {
        Stack stack = Examples.singleHost().build();
        Map<UnaryOperator<String>, Rule> breakages = new LinkedHashMap<>();
        breakages.put(c -> c.replace("- standalone", "- local"), Rule.KESTRA_SERVER_LOCAL);
        breakages.put(c -> c.replace("condition: service_healthy", "condition: service_started"),
                Rule.COMPOSE_DEPENDS_ON_NOT_HEALTHY);
        breakages.put(c -> c.replace(":/var/lib/postgresql\n", ":/var/lib/postgresql/data\n"), Rule.POSTGRES_DATA_PATH);
        breakages.put(c -> c.replace("image: kestra/kestra:v", "image: kestra/kestra:latest-v"), Rule.IMAGE_NOT_PINNED);
        breakages.put(c -> "version: \"3.8\"\n" + c, Rule.COMPOSE_VERSION_KEY);
        breakages.put(c -> c.replace("$${POSTGRES_PASSWORD}", "${POSTGRES_PASSWORD}"), Rule.KESTRA_SECRET_PASTED_INTO_YAML);
        breakages.put(c -> c.replace("type: postgres", "type: h2"), Rule.KESTRA_REPOSITORY_NOT_POSTGRES);
        breakages.put(c -> c.replace("    ports:\n", "    ports:\n      - 8081:8081\n"),
                Rule.KESTRA_MANAGEMENT_PORT_PUBLISHED);
        for (Map.Entry<UnaryOperator<String>, Rule> b : breakages.entrySet()) {
            Map<String, String> files = bundle(stack);
            String compose = files.get("docker-compose.yml");
            String broken = b.getKey().apply(compose);
            assertTrue(!broken.equals(compose), "the breakage for " + b.getValue() + " changed nothing");
            files.put("docker-compose.yml", broken);
            List<Finding> findings = StackLint.lint(files);
            assertTrue(findings.stream().anyMatch(f -> f.rule() == b.getValue()),
                    b.getValue() + " not reported:\n" + Findings.toText(findings));
        }
    }
}
