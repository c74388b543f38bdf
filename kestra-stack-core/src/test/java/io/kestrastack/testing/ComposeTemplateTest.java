package io.kestrastack.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The interpolation follows Compose v2 (compose-go template) on each rule it documents. */
class ComposeTemplateTest {

    private static final Map<String, String> VARS = Map.of("SET", "value", "EMPTY", "", "B", "bee", "lower", "low");

    private static String sub(String template) {
        return ComposeTemplate.substitute(template, name -> Optional.ofNullable(VARS.get(name)), name -> {});
    }

    @Test
    void a_doubled_dollar_is_one_literal_dollar_and_is_not_interpolated_further() {
        assertEquals("$", sub("$$"));
        assertEquals("$$", sub("$$$$"));
        assertEquals("$SET ${SET}", sub("$$SET $${SET}"));
        assertEquals("pg_isready -U \"${POSTGRES_USER}\"", sub("pg_isready -U \"$${POSTGRES_USER}\""));
    }

    @Test
    void bare_and_braced_references_are_replaced() {
        assertEquals("value", sub("$SET"));
        assertEquals("valuex", sub("${SET}x"));
        assertEquals("value-bee", sub("$SET-$B"));
        assertEquals("low", sub("$lower"));
    }

    @Test
    void a_dollar_not_followed_by_a_name_or_brace_stays_as_it_is() {
        assertEquals("a $ b", sub("a $ b"));
        assertEquals("$1", sub("$1"));
        assertEquals("end$", sub("end$"));
        assertEquals("#$%", sub("#$%"));
    }

    @Test
    void an_unset_variable_becomes_empty_and_is_reported() {
        List<String> missing = new ArrayList<>();
        assertEquals("[]", ComposeTemplate.substitute("[$UNSET]", name -> Optional.empty(), missing::add));
        assertEquals(List.of("UNSET"), missing);
        assertThrows(ComposeTemplate.TemplateException.class,
                () -> ComposeTemplate.substituteStrict("$UNSET", name -> Optional.empty()));
    }

    @Test
    void defaults_apply_when_unset_or_also_when_empty() {
        assertEquals("d", sub("${UNSET:-d}"));
        assertEquals("d", sub("${EMPTY:-d}"));
        assertEquals("value", sub("${SET:-d}"));
        assertEquals("d", sub("${UNSET-d}"));
        assertEquals("", sub("${EMPTY-d}"));
    }

    @Test
    void alternatives_apply_when_set_or_set_and_not_empty() {
        assertEquals("alt", sub("${SET:+alt}"));
        assertEquals("", sub("${EMPTY:+alt}"));
        assertEquals("alt", sub("${EMPTY+alt}"));
        assertEquals("", sub("${UNSET+alt}"));
    }

    @Test
    void required_variables_fail_with_their_message() {
        ComposeTemplate.TemplateException e = assertThrows(ComposeTemplate.TemplateException.class,
                () -> sub("${UNSET:?set it please}"));
        assertTrue(e.getMessage().contains("set it please"), e.getMessage());
        assertThrows(ComposeTemplate.TemplateException.class, () -> sub("${EMPTY:?x}"));
        assertEquals("", sub("${EMPTY?x}"));
        assertEquals("value", sub("${SET:?x}"));
    }

    @Test
    void defaults_are_interpolated_and_may_contain_braces() {
        assertEquals("bee", sub("${UNSET:-${B}}"));
        assertEquals("{x}", sub("${UNSET:-{x}}"));
        assertEquals("x and bee", sub("${UNSET:-x} and ${B}"));
        assertEquals("$", sub("${UNSET:-$$}"));
    }

    @Test
    void a_brace_without_a_valid_name_is_an_error() {
        assertThrows(ComposeTemplate.TemplateException.class, () -> sub("${1}"));
        assertThrows(ComposeTemplate.TemplateException.class, () -> sub("${}"));
        assertThrows(ComposeTemplate.TemplateException.class, () -> sub("${SET"));
        assertThrows(ComposeTemplate.TemplateException.class, () -> sub("${a.b}"));
    }
}
