package io.kestrastack.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed files (unbalanced braces, bad YAML, binary junk, random text) give clear findings with a line,
 * never an exception and never the internal-error rule.
 */
class MalformedInputTest {

    private static final List<String> FILE_NAMES = List.of(
            "docker-compose.yml", ".env", "kestra/application.yaml", "Caddyfile", "nginx/nginx.conf");

    @Test
    void binary_junk_in_every_kind_of_file_is_reported_as_not_text_with_the_line_of_the_first_bad_byte(
            @TempDir Path dir) throws IOException {
        byte[] junk = {'o', 'k', '\n', 'a', (byte) 0xC3, (byte) 0x28, 0, (byte) 0xFF, '\n'};
        for (String name : FILE_NAMES) {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.write(p, junk);
        }
        List<Finding> findings = StackLint.lintDirectory(dir);
        assertEquals(FILE_NAMES.size(), findings.size(), Findings.toText(findings));
        for (Finding f : findings) {
            assertEquals(Rule.FILE_NOT_TEXT, f.rule());
            assertEquals(2, f.line(), f.toString());
        }
    }

    @Test
    void a_nul_character_in_an_in_memory_file_is_reported_on_its_line() {
        List<Finding> findings = StackLint.lint(Map.of("Caddyfile", "a {\n}\n\u0000\n"));
        assertEquals("Caddyfile:3 file-not-text: the file contains a NUL character; it is binary, not a configuration"
                + " file\n", Findings.toText(findings));
    }

    @Test
    void bad_yaml_and_unbalanced_braces_are_syntax_findings_with_lines() {
        List<Finding> findings = StackLint.lint(Map.of(
                "docker-compose.yml", "services:\n  kestra:\n    image: [x\n",
                "kestra/application.yaml", "kestra:\n  url: 'open\n",
                "Caddyfile", "example.com {\n\treverse_proxy kestra:8080\n",
                "nginx/nginx.conf", "http {\n    server {\n}\n"));
        assertEquals(List.of("Caddyfile:1 caddyfile-syntax", "docker-compose.yml:4 yaml-syntax",
                "kestra/application.yaml:3 yaml-syntax", "nginx/nginx.conf:1 nginx-syntax"),
                findings.stream().map(f -> f.file() + ":" + f.line() + " " + f.ruleId()).toList());
    }

    @Test
    void a_document_that_aliases_expand_exponentially_is_read_in_bounded_time() {
        StringBuilder yaml = new StringBuilder("kestra:\n  l0: &l0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}\n");
        for (int level = 1; level < 9; level++) {
            yaml.append("  l").append(level).append(": &l").append(level).append(" {");
            for (int k = 0; k < 8; k++) {
                yaml.append(k == 0 ? "" : ", ").append("k").append(k).append(": *l").append(level - 1);
            }
            yaml.append("}\n");
        }
        long start = System.nanoTime();
        List<Finding> findings = StackLint.lint(Map.of("application.yaml", yaml.toString()));
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "took too long");
        assertTrue(findings.stream().noneMatch(f -> f.rule() == Rule.LINT_INTERNAL_ERROR), Findings.toText(findings));
    }

    @Property(tries = 400)
    void random_text_in_any_file_gives_findings_within_the_file_never_an_internal_error(
            @ForAll("names") String name, @ForAll("junk") String text) {
        List<Finding> findings = StackLint.lint(Map.of(name, text));
        long lines = text.chars().filter(c -> c == '\n').count() + 1;
        for (Finding f : findings) {
            assertTrue(f.rule() != Rule.LINT_INTERNAL_ERROR, f.toString());
            assertTrue(f.line() >= 1 && f.line() <= lines, f + " is outside the " + lines + " lines");
            assertEquals(name, f.file());
        }
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of(FILE_NAMES);
    }

    @Provide
    Arbitrary<String> junk() {
        Arbitrary<String> pieces = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("{", "}", ";", "\"", "'", "`", "$", "${", "$$", ":", ": ", "- ", "\n", "\n  ",
                        "#", "\\", "\t", "=", "<<", "<<EOF\n", "|", ">", "&a", "*a", "[", "]", ",", "@x", "(x)", "import ",
                        "include ", "server ", "location / ", "proxy_pass http://kestra:8080", "reverse_proxy kestra",
                        "services", "kestra", "KESTRA_CONFIGURATION", "image", "{$X}", "\u2028", "\u0085", "é")),
                Tuple.of(2, Arbitraries.strings().alpha().ofMaxLength(6)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(3).map(s -> s.replace('\u0000', ' '))));
        return pieces.list().ofMaxSize(60).map(l -> String.join("", l));
    }
}
