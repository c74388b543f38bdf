package io.kestrastack.lint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.lint.Finding;
import io.kestrastack.lint.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** .env as Compose v2 reads it. */
class DotEnvTest {

    private final Report report = new Report();

    private DotEnv parse(String text) {
        return DotEnv.parse(new Source(".env", text), report);
    }

    @Test
    void reads_unquoted_single_and_double_quoted_values() {
        DotEnv env = parse("""
                # a comment
                PLAIN=value with spaces   # trailing comment
                export EXPORTED=1
                SINGLE='literal $NOT #kept'
                DOUBLE="line\\nbreak \\"quoted\\" \\$dollar"
                  INDENTED = spaced
                YAML_STYLE: colon
                EMPTY=
                HASH=a#b
                """);
        assertEquals("value with spaces", env.value("PLAIN"));
        assertEquals("1", env.value("EXPORTED"));
        assertEquals("literal $NOT #kept", env.value("SINGLE"));
        assertEquals("line\nbreak \"quoted\" $dollar", env.value("DOUBLE"));
        assertEquals("spaced", env.value("INDENTED"));
        assertEquals("colon", env.value("YAML_STYLE"));
        assertEquals("", env.value("EMPTY"));
        assertEquals("a#b", env.value("HASH"));
        assertEquals(List.of(), report.findings());
    }

    @Test
    void interpolates_unquoted_and_double_quoted_values_with_earlier_variables_only() {
        DotEnv env = parse("""
                HOST=db
                URL=postgres://$HOST:5432
                QUOTED="${HOST}-x"
                LITERAL='${HOST}'
                ESCAPED=$$HOST
                """);
        assertEquals("postgres://db:5432", env.value("URL"));
        assertEquals("db-x", env.value("QUOTED"));
        assertEquals("${HOST}", env.value("LITERAL"));
        assertEquals("$HOST", env.value("ESCAPED"));
        assertEquals(List.of(), report.findings());
    }

    @Test
    void a_dollar_meant_literally_in_an_unquoted_value_is_reported_on_its_line() {
        parse("A=1\nSMTP_PASSWORD=pa$word\nPRICE=\"5$\"\n");
        List<Finding> f = report.findings();
        assertEquals(2, f.size(), f.toString());
        assertEquals(Rule.COMPOSE_UNESCAPED_DOLLAR, f.get(0).rule());
        assertEquals(2, f.get(0).line());
        assertEquals(Rule.COMPOSE_INVALID_INTERPOLATION, f.get(1).rule());
        assertEquals(3, f.get(1).line());
    }

    @Test
    void a_multi_line_quoted_value_keeps_line_numbers_of_later_statements() {
        DotEnv env = parse("CERT=\"line1\nline2\"\nNEXT=x\n");
        assertEquals("line1\nline2", env.value("CERT"));
        assertEquals(3, env.entries().get("NEXT").line());
    }

    @Test
    void a_bare_name_comes_from_the_shell_and_counts_as_defined() {
        DotEnv env = parse("FROM_SHELL\n");
        assertTrue(env.defines("FROM_SHELL"));
        assertNull(env.value("FROM_SHELL"));
        assertEquals("", env.lookup("FROM_SHELL"));
        assertFalse(env.defines("OTHER"));
    }

    @Test
    void a_statement_compose_cannot_read_is_reported_with_its_line() {
        parse("OK=1\nBAD KEY=2\n");
        assertEquals(List.of(".env:2 env-syntax"), summary());
        report.findings();
    }

    @Test
    void an_unterminated_quote_is_reported_where_it_starts() {
        parse("OK=1\n\nPASSWORD='never closed\nNEXT=2\n");
        assertEquals(List.of(".env:3 env-syntax"), summary());
    }

    @Test
    void a_character_that_cannot_be_in_a_name_is_reported() {
        parse("NAME$=1\n");
        assertEquals(List.of(".env:1 env-syntax"), summary());
    }

    private List<String> summary() {
        return report.findings().stream().map(f -> f.file() + ":" + f.line() + " " + f.rule().id()).toList();
    }
}
