package io.kestrastack.proxy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The test parsers refuse what the renderers must never produce, including what Caddy 2.6 lets through. */
class ParsersTest {

    @Test
    void caddyfile_parser_refuses_a_missing_final_brace_that_caddy_accepts() {
        assertThrows(CaddyfileParser.ParseException.class, () -> CaddyfileParser.parse("site {\n\trespond 200\n"));
    }

    @Test
    void caddyfile_parser_refuses_environment_substitution_and_stray_braces() {
        assertThrows(CaddyfileParser.ParseException.class, () -> CaddyfileParser.parse("site {\n\trespond {$X}\n}\n"));
        assertThrows(CaddyfileParser.ParseException.class, () -> CaddyfileParser.parse("site {\n\trespond a{b\n}\n"));
    }

    @Test
    void caddyfile_parser_reads_quotes_as_caddy_does() {
        Directive d = CaddyfileParser.parse("s {\n\theader X \"a \\\"b\\\" c\\\\d\" `e\\\"f`\n}\n").children().get(0)
                .one("header").orElseThrow();
        assertEquals(List.of("X", "a \"b\" c\\\\d", "e\\\"f"), d.args());
    }

    @Test
    void nginx_parser_refuses_what_nginx_refuses() {
        assertThrows(NginxConfParser.ParseException.class, () -> NginxConfParser.parse("http {\n    a b;\n"));
        assertThrows(NginxConfParser.ParseException.class, () -> NginxConfParser.parse("a \"b\"c;\n"));
        assertThrows(NginxConfParser.ParseException.class, () -> NginxConfParser.parse("}\n"));
        assertThrows(NginxConfParser.ParseException.class, () -> NginxConfParser.parse("a b\n"));
    }

    @Test
    void nginx_parser_reads_escapes_comments_and_variables_as_nginx_does() {
        Directive root = NginxConfParser.parse("# c ; {\nx \"a\\\"b\\\\c\" 'd e' f#g ${h}i;\n");
        assertEquals(List.of("a\"b\\c", "d e", "f#g", "${h}i"), root.children().get(0).args());
    }
}
