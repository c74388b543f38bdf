package io.kestrastack.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stacks written the way guides and blog posts write them (comments everywhere, anchors and merge keys,
 * flow style, list-form environments, Windows line endings, tabs, snippets, placeholders, includes) are
 * read without trouble, and their findings match the reviewed list in {@code guide-findings/<name>.txt}.
 * Regenerate a list after a deliberate change with {@code -Dkestra-stack.update-goldens=true} and review
 * the diff.
 */
class GuideStyleFilesTest {

    @ParameterizedTest
    @ValueSource(strings = {"official-style", "nginx-blog", "caddy-subpath", "clean-production"})
    void findings_of_a_guide_style_stack_match_the_reviewed_list(String name) throws IOException {
        Path dir = Fixtures.GUIDES.resolve(name);
        List<Finding> findings = StackLint.lintDirectory(dir);
        String prefix = dir + dir.getFileSystem().getSeparator();
        String actual = Findings.toText(findings).replace(prefix, "");
        Path golden = Fixtures.RESOURCES.resolve("guide-findings").resolve(name + ".txt");
        if (Boolean.getBoolean("kestra-stack.update-goldens")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Fixtures.read(golden), actual);
    }
}
