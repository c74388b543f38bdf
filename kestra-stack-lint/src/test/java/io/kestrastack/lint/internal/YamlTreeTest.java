package io.kestrastack.lint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.lint.Rule;
import io.kestrastack.lint.internal.YamlTree.YMap;
import io.kestrastack.lint.internal.YamlTree.YNode;
import io.kestrastack.lint.internal.YamlTree.YScalar;
import io.kestrastack.lint.internal.YamlTree.YSeq;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** YAML read into a tree whose nodes carry their file line. */
class YamlTreeTest {

    private final Report report = new Report();

    private YMap parse(String yaml) {
        Optional<YNode> root = YamlTree.parse(yaml, "f.yml", l -> l + 1, "the file", report);
        return assertInstanceOf(YMap.class, root.orElseThrow());
    }

    private List<String> summary() {
        return report.findings().stream().map(f -> f.line() + " " + f.rule().id()).toList();
    }

    @Test
    void every_node_knows_its_line() {
        YMap root = parse("""
                # comment
                services:

                  kestra:
                    image: kestra/kestra:v1.3.4
                    ports:
                      - "8080:8080"
                """);
        YMap kestra = root.map("services").orElseThrow().map("kestra").orElseThrow();
        assertEquals(5, kestra.scalar("image").orElseThrow().line());
        YSeq ports = assertInstanceOf(YSeq.class, kestra.get("ports").orElseThrow());
        assertEquals(7, ports.items().get(0).line());
        assertEquals(4, root.map("services").orElseThrow().entry("kestra").orElseThrow().key().line());
    }

    @Test
    void a_literal_block_maps_each_inner_line_to_its_file_line() {
        YMap root = parse("""
                env:
                  CONFIG: |   # the config
                    first: 1

                    third: 3
                """);
        YScalar config = root.map("env").orElseThrow().scalar("CONFIG").orElseThrow();
        assertTrue(config.literalBlock());
        assertEquals(2, config.line());
        assertEquals(3, config.lineOf(0));
        assertEquals(5, config.lineOf(config.value().indexOf("third")));
    }

    @Test
    void merge_keys_and_aliases_are_applied_and_own_keys_win() {
        YMap root = parse("""
                x-common: &common
                  restart: always
                  image: base:1
                services:
                  a:
                    <<: *common
                    image: own:2
                """);
        YMap a = root.map("services").orElseThrow().map("a").orElseThrow();
        assertEquals("own:2", a.scalar("image").orElseThrow().value());
        assertEquals("always", a.scalar("restart").orElseThrow().value());
        assertEquals(2, a.scalar("restart").orElseThrow().line(), "merged nodes keep the line of their definition");
        assertEquals(List.of(), summary());
    }

    @Test
    void a_duplicate_key_is_reported_on_its_second_line_and_the_first_value_is_kept() {
        YMap root = parse("a: 1\nb: 2\na: 3\n");
        assertEquals("1", root.scalar("a").orElseThrow().value());
        assertEquals(List.of("3 yaml-duplicate-key"), summary());
    }

    @Test
    void nulls_are_marked() {
        YMap root = parse("a:\nb: ~\nc: null\nd: 'null'\n");
        assertTrue(root.scalar("a").orElseThrow().isNull());
        assertTrue(root.scalar("b").orElseThrow().isNull());
        assertTrue(root.scalar("c").orElseThrow().isNull());
        assertEquals("null", root.scalar("d").orElseThrow().value());
    }

    @Test
    void a_syntax_error_is_one_finding_with_the_line_of_the_problem() {
        Optional<YNode> root = YamlTree.parse("a: 1\nb: [unclosed\nc: 3\n", "f.yml", l -> l + 1, "the file", report);
        assertTrue(root.isEmpty());
        assertEquals(1, report.findings().size());
        assertEquals(Rule.YAML_SYNTAX, report.findings().get(0).rule());
        assertTrue(report.findings().get(0).line() >= 2, summary().toString());
    }

    @Test
    void the_line_map_shifts_errors_in_embedded_yaml_to_the_outer_file() {
        YamlTree.parse("ok: 1\nbad: x: y\n", "compose.yml", l -> 20 + l, "KESTRA_CONFIGURATION", report);
        assertEquals(List.of("21 yaml-syntax"), summary());
    }

    @Test
    void tabs_and_control_characters_are_syntax_errors_with_lines() {
        YamlTree.parse("a:\n\tb: 1\n", "f.yml", l -> l + 1, "the file", report);
        YamlTree.parse("a: 1\nb: \u0007\n", "g.yml", l -> l + 1, "the file", report);
        assertEquals(List.of("2 yaml-syntax", "2 yaml-syntax"), summary());
    }

    @Test
    void documents_nested_too_deeply_are_refused_without_recursing_further() {
        String deep = "a: ".repeat(1) + "[".repeat(200) + "]".repeat(200) + "\n";
        Optional<YNode> root = YamlTree.parse(deep, "f.yml", l -> l + 1, "the file", report);
        assertTrue(root.isEmpty());
        assertEquals(List.of("1 yaml-syntax"), summary());
    }

    @Test
    void a_document_of_more_nodes_than_the_limit_is_one_finding_naming_the_limit() {
        String many = "services:\n" + "  a: 1\n".repeat(20_000);
        Optional<YNode> root = YamlTree.parse(many, "f.yml", l -> l + 1, "the file", report);
        assertTrue(root.isEmpty());
        assertEquals(List.of("1 yaml-syntax"), summary());
        assertTrue(report.findings().get(0).message().contains("over the limit"), report.findings().toString());
    }
}
