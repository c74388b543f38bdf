package io.kestrastack.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.internal.ShellText;
import io.kestrastack.proxy.testing.CaddyfileParser;
import io.kestrastack.proxy.testing.Directive;
import io.kestrastack.proxy.testing.NginxConfParser;
import io.kestrastack.proxy.testing.ShellWords;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * The escapers against parsers that read tokens as Caddy and nginx do: whatever an escaper accepts reads
 * back exactly as one argument of one directive; whatever it refuses, it refuses with a reason.
 */
class TextEscapingTest {

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.of("a", "\"", "\\", "`", "'", "$", "{", "}", ";", "#", " ", "\t", "\n", "${x}", "{$X}", "/",
                        "*", "@", "x y", "\\\"", "é").list().ofMinSize(0).ofMaxSize(6).map(l -> String.join("", l)),
                Arbitraries.strings().ascii().ofMaxLength(30),
                Arbitraries.strings().all().ofMaxLength(10));
    }

    @Property(tries = 2000)
    void a_caddy_token_reads_back_exactly_or_is_refused(@ForAll("texts") String value) {
        if (CaddyText.problem(value) != null) {
            assertThrows(IllegalArgumentException.class, () -> CaddyText.token(value));
            Statistics.label("caddy").collect("refused");
            return;
        }
        Directive root = CaddyfileParser.parse("site {\n\theader {\n\t\tX-Test " + CaddyText.token(value) + "\n\t}\n}\n");
        Directive field = root.children().get(0).one("header").orElseThrow().children().get(0);
        assertEquals(List.of(value), field.args());
        assertEquals(1, root.size() - 2, "exactly one directive inside the header block");
        Statistics.label("caddy").collect("round-trip");
    }

    @Property(tries = 2000)
    void an_nginx_argument_reads_back_exactly_or_is_refused(@ForAll("texts") String value) {
        if (NginxText.problem(value) != null) {
            assertThrows(IllegalArgumentException.class, () -> NginxText.argument(value));
            return;
        }
        Directive root = NginxConfParser.parse("server {\n    root " + NginxText.argument(value) + ";\n}\n");
        assertEquals(List.of(value), root.children().get(0).one("root").orElseThrow().args());
        assertEquals(2, root.size());
    }

    @Property(tries = 2000)
    void an_interpolated_nginx_argument_reads_back_exactly_once_the_dollar_variable_is_expanded(
            @ForAll("texts") String value) {
        if (NginxText.interpolatedProblem(value) != null) {
            assertThrows(IllegalArgumentException.class, () -> NginxText.interpolated(value));
            return;
        }
        Directive root = NginxConfParser.parse("server {\n    add_header X-Test " + NginxText.interpolated(value)
                + " always;\n}\n");
        List<String> args = root.children().get(0).one("add_header").orElseThrow().args();
        assertEquals(3, args.size());
        String read = args.get(1).replace("${" + NginxText.DOLLAR_VARIABLE + "}", "\u0000");
        assertTrue(read.indexOf('$') < 0, "no other variable may appear: " + args.get(1));
        assertEquals(value, read.replace('\u0000', '$'));
    }

    @Property(tries = 1000)
    void a_shell_word_reads_back_exactly_or_is_refused(@ForAll("texts") String value) {
        if (ShellText.problem(value) != null) {
            assertThrows(IllegalArgumentException.class, () -> ShellText.word(value));
            return;
        }
        assertEquals(value, ShellWords.assignment("x=" + ShellText.word(value) + "\n", "x"));
    }

    @Test
    void caddy_refuses_braces_control_characters_and_a_backslash_with_a_backtick() {
        assertNotNull(CaddyText.problem("{$HOME}"));
        assertNotNull(CaddyText.problem("a}"));
        assertNotNull(CaddyText.problem("a\nb"));
        assertNotNull(CaddyText.problem("\\`"));
        assertNotNull(CaddyText.problem(""));
        assertNull(CaddyText.problem("default-src 'self'; img-src \"data:\""));
        assertEquals("`a\\\"b`", CaddyText.token("a\\\"b"));
        assertEquals("\"a \\\"b\\\"\"", CaddyText.token("a \"b\""));
        assertEquals("flows.example.com", CaddyText.token("flows.example.com"));
    }

    @Test
    void caddy_refuses_defer_as_a_header_field() {
        assertNotNull(CaddyText.headerFieldProblem("defer"));
        assertNull(CaddyText.headerFieldProblem("Deferred-Thing"));
    }

    @Test
    void nginx_writes_a_literal_dollar_through_the_geo_variable() {
        assertEquals("\"a${kestra_stack_dollar}b\"", NginxText.interpolated("a$b"));
        assertNotNull(NginxText.problem("a$b"), "a plain argument may not hold a dollar");
        assertEquals("\"a \\\\ \\\" b\"", NginxText.argument("a \\ \" b"));
        assertNotNull(NginxText.interpolatedProblem("x".repeat(5000)));
    }

    @Test
    void comments_refuse_line_breaks() {
        assertThrows(IllegalArgumentException.class, () -> CaddyText.comment("a\nb"));
        assertThrows(IllegalArgumentException.class, () -> CaddyText.comment("{$X}"));
        assertThrows(IllegalArgumentException.class, () -> NginxText.comment("a\rb"));
    }
}
