package io.kestrastack.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.bundle.Operations;
import io.kestrastack.internal.Yaml;
import io.kestrastack.testing.Examples;
import io.kestrastack.testing.Violations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * U+0085, U+2028 and U+2029 are line breaks to YAML 1.1 readers (libyaml, PyYAML: Compose v1) but not to
 * YAML 1.2: every value that reaches a YAML scalar is refused when it holds one, and the YAML writer escapes
 * any that gets through (issue 10 item 4).
 */
class UnicodeLineBreaksTest {

    @ParameterizedTest
    @ValueSource(strings = {"\u0085", "\u2028", "\u2029"})
    void values_written_into_yaml_refuse_unicode_line_breaks(String brk) {
        Violations.assertViolation(() -> Examples.minimal().kestra(k -> k.putFlowEnvironment("X", "a" + brk + "b")).build(),
                "kestra.flowEnvironment.X", "control-character");
        Violations.assertViolation(() -> Examples.minimal().kestra(k -> k.jvmOptions("-Dx=a" + brk + "b")).build(),
                "kestra.jvmOptions", "control-character");
        Violations.assertViolation(() -> Examples.minimal().kestra(k -> k.forwardProxy(p -> p.host("proxy.example.com")
                .port(3128).credentials("us" + brk + "er", io.kestrastack.Secret.of("PROXY_PASSWORD", "proxy-pass-123"))))
                .build(), "kestra.forwardProxy.username", "invalid-username");
        Violations.assertViolation(() -> Operations.builder()
                .smokeTest(new Operations.SmokeTest("system.x", null, "*/15 * * *" + brk + " *")).build(),
                "smokeTest.cron", "control-character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0085", "\u2028", "\u2029"})
    void the_yaml_writer_never_writes_a_unicode_line_break_raw(String brk) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("plain", "a" + brk + "b");
        doc.put("list", List.of("x" + brk, brk));
        doc.put("nested", Map.of("k", "yes" + brk));
        String text = Yaml.dump(doc);
        assertEquals(-1, text.indexOf(brk), text);
        assertEquals(doc, Yaml.load(text), "reads back as the same values");
        assertTrue(text.contains("\"a\\"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0001", "\u001b", "\t", "\u007f"})
    void the_smoke_test_cron_refuses_control_characters(String c) {
        Violations.assertViolation(() -> Operations.builder()
                .smokeTest(new Operations.SmokeTest("system.x", null, "*/15" + c + "* * * *")).build(),
                "smokeTest.cron", "control-character");
    }
}
