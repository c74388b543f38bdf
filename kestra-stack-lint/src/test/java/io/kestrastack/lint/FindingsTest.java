package io.kestrastack.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.JsonSchema;

/** The text and JSON forms of findings. */
class FindingsTest {

    private static final Finding BUFFERING = new Finding("nginx/kestra.conf", 12, Rule.NGINX_PROXY_BUFFERING,
            "the location / proxies Kestra with buffering on", "add proxy_buffering off;");
    private static final Finding VERSION = new Finding("docker-compose.yml", 1, Rule.COMPOSE_VERSION_KEY,
            "the top-level 'version' key is obsolete", Rule.COMPOSE_VERSION_KEY.fix());

    @Test
    void text_has_one_line_per_finding_as_file_line_rule_message() {
        assertEquals("""
                nginx/kestra.conf:12 nginx-proxy-buffering: the location / proxies Kestra with buffering on
                docker-compose.yml:1 compose-version-key: the top-level 'version' key is obsolete
                """, Findings.toText(List.of(BUFFERING, VERSION)));
        assertEquals("", Findings.toText(List.of()));
    }

    @Test
    void text_keeps_each_finding_on_one_line_whatever_its_message_holds() {
        Finding f = new Finding("a", 1, Rule.YAML_SYNTAX, "two\nlines\r\nand\u2028more", "fix");
        // escaped when the finding is made (the one place for every message), so a fake line cannot be printed
        assertEquals("a:1 yaml-syntax: two\\nlines\\r\\nand\\u2028more\n", Findings.toText(List.of(f)));
    }

    @Test
    void detailed_text_adds_severity_fix_and_documentation() {
        assertEquals("""
                nginx/kestra.conf:12 nginx-proxy-buffering: the location / proxies Kestra with buffering on
                    error; fix: add proxy_buffering off; (docs/rules.md#nginx-proxy-buffering)
                """, Findings.toDetailedText(List.of(BUFFERING)));
    }

    @Test
    void json_is_an_array_of_objects_with_every_field() {
        assertEquals("""
                [
                  {"file":"nginx/kestra.conf","line":12,"rule":"nginx-proxy-buffering","severity":"error",\
                "message":"the location / proxies Kestra with buffering on","fix":"add proxy_buffering off;"},
                  {"file":"docker-compose.yml","line":1,"rule":"compose-version-key","severity":"warning",\
                "message":"the top-level 'version' key is obsolete","fix":"Delete the 'version' line; name the project\
                 with a top-level 'name' instead."}
                ]
                """, Findings.toJson(List.of(BUFFERING, VERSION)));
        assertEquals("[]\n", Findings.toJson(List.of()));
    }

    @Test
    void json_escapes_quotes_backslashes_and_control_characters() {
        assertEquals("\"a\\\"b\\\\c\"", Findings.jsonString("a\"b\\c"));
        assertEquals("\"\\n\\r\\t\\b\\f\"", Findings.jsonString("\n\r\t\b\f"));
        assertEquals("\"\\u0000\\u001f\\u007f\"", Findings.jsonString("\u0000\u001f\u007f"));
        assertEquals("\"\\u2028\\u2029\"", Findings.jsonString("\u2028\u2029"));
        assertEquals("\"é 日 😀 /\"", Findings.jsonString("é 日 😀 /"));
        assertEquals("\"\\ud800x\\udc00\"", Findings.jsonString("\ud800x\udc00"), "unpaired surrogates");
    }

    @Property(tries = 300)
    void json_of_any_text_reads_back_as_the_same_text(@ForAll("awkwardText") String raw) {
        Finding f = new Finding(raw, 7, Rule.LITERAL_SECRET, raw, raw);
        // a finding holds its texts with control characters escaped (one line each, issue 10)
        String text = io.kestrastack.internal.Text.printable(raw);
        Object parsed = new Load(LoadSettings.builder().setSchema(new JsonSchema()).build())
                .loadFromString(Findings.toJson(List.of(f)));
        assertTrue(parsed instanceof List<?> list && list.size() == 1);
        Map<?, ?> object = (Map<?, ?>) ((List<?>) parsed).get(0);
        assertEquals(text, object.get("file"));
        assertEquals(7, ((Number) object.get("line")).intValue());
        assertEquals("literal-secret", object.get("rule"));
        assertEquals("error", object.get("severity"));
        assertEquals(text, object.get("message"));
        assertEquals(text, object.get("fix"));
    }

    @Provide
    Arbitrary<String> awkwardText() {
        Arbitrary<Character> chars = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.chars().ascii()),
                net.jqwik.api.Tuple.of(2, Arbitraries.of('"', '\\', '\n', '\t', '\u0000', '\u001b', '\u2028', '/', ':')),
                net.jqwik.api.Tuple.of(1, Arbitraries.chars().range('\u00a0', '\ud7ff')));
        return chars.list().ofMaxSize(40).map(l -> {
            StringBuilder b = new StringBuilder();
            l.forEach(b::append);
            return b.toString();
        });
    }
}
