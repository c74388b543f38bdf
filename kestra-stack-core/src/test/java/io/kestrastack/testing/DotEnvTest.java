package io.kestrastack.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The .env reader follows Compose v2 (compose-go dotenv) on each rule it documents. */
class DotEnvTest {

    private static String read(String text, String key) {
        Map<String, String> values = DotEnv.parse(text, name -> Optional.empty(), name -> {});
        return values.get(key);
    }

    @Test
    void unquoted_values_are_trimmed_and_may_surround_the_equals_sign_with_spaces() {
        assertEquals("bar", read("FOO=bar", "FOO"));
        assertEquals("bar", read("FOO =bar", "FOO"));
        assertEquals("bar", read("FOO= bar ", "FOO"));
        assertEquals("value", read("\t  KEY =value", "KEY"));
    }

    @Test
    void yaml_style_colon_and_export_prefix_are_accepted() {
        assertEquals("1", read("OPTION_A: 1", "OPTION_A"));
        assertEquals("Foo=bar", read("OPTION_A: Foo=bar", "OPTION_A"));
        assertEquals("1:B", read("OPTION_A=1:B", "OPTION_A"));
        assertEquals("2", read("export OPTION_A=2", "OPTION_A"));
        assertEquals("2", read("exportFOO=2", "exportFOO"));
        assertEquals("2", read("export.FOO= 2", "export.FOO"));
    }

    @Test
    void an_unquoted_value_loses_everything_from_space_hash_on_but_keeps_a_hash_without_space() {
        assertEquals("bar", read("FOO=bar # this is foo", "FOO"));
        assertEquals("bar#baz", read("FOO=bar#baz", "FOO"));
        assertEquals("#x", read("FOO=#x", "FOO"));
    }

    @Test
    void single_quoted_values_are_literal() {
        assertEquals("quote $FOO ${FOO} \"x\" # not a comment", read("FOO=1\nBAR='quote $FOO ${FOO} \"x\" # not a comment'", "BAR"));
        assertEquals("bar#baz", read("FOO='bar#baz' # comment", "FOO"));
        assertEquals("\\n", read("OPTION_B='\\n'", "OPTION_B"));
    }

    @Test
    void in_single_quotes_only_an_escaped_single_quote_loses_its_backslash() {
        assertEquals("it's", read("FOO='it\\'s'", "FOO"));
        assertEquals("a\\b", read("FOO='a\\b'", "FOO"));
        // A trailing backslash escapes the closing quote: the value never ends.
        assertThrows(DotEnv.DotEnvException.class, () -> DotEnv.parse("FOO='a\\'"));
    }

    @Test
    void double_quoted_values_decode_escapes_and_are_interpolated() {
        assertEquals("escaped\"bar", read("FOO=\"escaped\\\"bar\"", "FOO"));
        assertEquals("'d'", read("FOO=\"'d'\"", "FOO"));
        assertEquals("bar\nbaz", read("FOO=\"bar\\nbaz\"", "FOO"));
        assertEquals("a\tb\\c", read("FOO=\"a\\tb\\\\c\"", "FOO"));
        assertEquals("S", read("FOO=\"\\0123\"", "FOO"));
        assertEquals("quote test", read("FOO=test\nBAR=\"quote $FOO\"", "BAR"));
        assertEquals("bar#baz", read("FOO=\"bar#baz\" # comment", "FOO"));
    }

    @Test
    void an_escaped_dollar_in_double_quotes_is_not_interpolated() {
        assertEquals("foo$BAR", read("FOO=\"foo\\$BAR\"", "FOO"));
        assertEquals("foo${FOO} test", read("FOO=test\nBAR=\"foo\\${FOO} ${FOO}\"", "BAR"));
    }

    @Test
    void unquoted_values_are_interpolated_from_earlier_lines_then_defaults() {
        assertEquals("test", read("FOO=test\nBAR=$FOO", "BAR"));
        assertEquals("testbar", read("FOO=test\nBAR=${FOO}bar", "BAR"));
        assertEquals("def", read("BAR=${FOO:-def}", "BAR"));
    }

    @Test
    void the_shell_environment_wins_over_earlier_lines_in_interpolation() {
        Map<String, String> values = DotEnv.parse("FOO=file\nBAR=$FOO", name -> name.equals("FOO") ? Optional.of("shell")
                : Optional.empty(), name -> {});
        assertEquals("shell", values.get("BAR"));
        assertEquals("file", values.get("FOO"));
    }

    @Test
    void an_unset_variable_becomes_empty_and_is_reported() {
        List<String> missing = new ArrayList<>();
        Map<String, String> values = DotEnv.parse("BAR=$FOO", name -> Optional.empty(), missing::add);
        assertEquals("", values.get("BAR"));
        assertEquals(List.of("FOO"), missing);
        assertThrows(DotEnv.DotEnvException.class, () -> DotEnv.parse("BAR=$FOO"));
    }

    @Test
    void a_bare_name_takes_its_value_from_the_shell_or_is_left_out() {
        Map<String, String> values = DotEnv.parse("INHERITED\nOTHER\nX=1", name -> name.equals("INHERITED")
                ? Optional.of("from shell") : Optional.empty(), name -> {});
        assertEquals(Map.of("INHERITED", "from shell", "X", "1"), values);
    }

    @Test
    void quoted_values_may_span_lines() {
        assertEquals("first line\nsecond line", read("FOO=\"first line\nsecond line\"\nBAR=1", "FOO"));
        assertEquals("a\nb", read("FOO='a\nb'", "FOO"));
    }

    @Test
    void comments_blank_lines_crlf_and_a_byte_order_mark_are_skipped() {
        Map<String, String> values = DotEnv.parse("\uFEFF# comment\r\n\r\n\t # indented comment\r\nA=1\r\nB='2'\r\n");
        assertEquals(Map.of("A", "1", "B", "2"), values);
    }

    @Test
    void a_later_assignment_replaces_an_earlier_one() {
        assertEquals("2", read("A=1\nA=2", "A"));
    }

    @Test
    void malformed_lines_are_refused() {
        assertThrows(DotEnv.DotEnvException.class, () -> DotEnv.parse("lol$wut"));
        assertThrows(DotEnv.DotEnvException.class, () -> DotEnv.parse("A B=1"));
        assertThrows(DotEnv.DotEnvException.class, () -> DotEnv.parse("KEY=\"value"));
        assertThrows(ComposeTemplate.TemplateException.class, () -> DotEnv.parse("KEY=${1}"));
    }
}
