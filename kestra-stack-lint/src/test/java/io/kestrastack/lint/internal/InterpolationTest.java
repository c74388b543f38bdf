package io.kestrastack.lint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Compose v2 interpolation rules, with variables NAME=kestra, EMPTY= and nothing else defined. */
class InterpolationTest {

    private static final Map<String, String> ENV = Map.of("NAME", "kestra", "EMPTY", "");

    private static Interpolation.Result apply(String text) {
        return Interpolation.apply(text, ENV::get);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "plain text|plain text",
        "$$|$",
        "a$$b$$$$|a$b$$",
        "$NAME|kestra",
        "${NAME}|kestra",
        "x-${NAME}-y|x-kestra-y",
        "$NAME.suffix|kestra.suffix",
        "${NAME:-d}|kestra",
        "${EMPTY:-d}|d",
        "${EMPTY-d}|''",
        "${UNSET-d}|d",
        "${UNSET:-${NAME}}|kestra",
        "${NAME:+alt}|alt",
        "${EMPTY:+alt}|''",
        "${EMPTY+alt}|alt",
        "${UNSET+alt}|''",
        "$${NAME}|${NAME}",
        "pg_isready -U $${POSTGRES_USER}|pg_isready -U ${POSTGRES_USER}",
    })
    void substitutes_like_compose(String text, String expected) {
        Interpolation.Result r = apply(text);
        assertEquals(expected.equals("''") ? "" : expected, r.value());
        assertEquals(-1, r.invalidAt());
    }

    @Test
    void an_unset_variable_becomes_empty_and_is_reported_with_its_offset() {
        Interpolation.Result r = apply("pa$word and ${OTHER}");
        assertEquals("pa and ", r.value());
        assertFalse(r.complete());
        assertEquals(List.of("word", "OTHER"), r.unguardedUndefined().stream().map(Interpolation.Reference::name).toList());
        assertEquals(List.of(2, 12), r.unguardedUndefined().stream().map(Interpolation.Reference::offset).toList());
    }

    @Test
    void a_default_or_a_required_marker_makes_an_unset_variable_intentional() {
        assertEquals(List.of(), apply("${A:-x} ${B-x} ${C:?set C} ${D?set D} ${E:+x} ${F+x}").unguardedUndefined());
        assertTrue(apply("${A:-x}").complete(), "a default gives a known value");
        assertFalse(apply("${C:?set C}").complete(), "a missing required variable has no value");
    }

    @ParameterizedTest(name = "{0} is invalid at {1}")
    @CsvSource(delimiter = '|', value = {
        "pa$1word|2",
        "costs 5$|7",
        "a $ b|2",
        "${|0",
        "${}|0",
        "${1X}|0",
        "${NAME|0",
        "${NAME:x}|0",
        "ok ${NAME} then $|16",
    })
    void a_dollar_compose_cannot_read_makes_the_value_invalid(String text, int offset) {
        Interpolation.Result r = apply(text);
        assertEquals(offset, r.invalidAt());
        assertFalse(r.complete());
    }

    @Test
    void knows_whether_text_has_anything_compose_acts_on() {
        assertFalse(Interpolation.hasInterpolation("no dollars"));
        assertFalse(Interpolation.hasInterpolation("only $$ escapes $${X}"));
        assertTrue(Interpolation.hasInterpolation("a ${X}"));
        assertTrue(Interpolation.hasInterpolation("trailing $"));
    }

    @Test
    void defaults_nested_past_the_limit_stop_the_reading_and_say_so() {
        int deep = 100_000;
        Interpolation.Result r = apply("${A:-".repeat(deep) + "x" + "}".repeat(deep));
        assertTrue(r.tooDeep());
        assertFalse(r.complete());
        Interpolation.Result fine = apply("${A:-".repeat(Interpolation.MAX_NESTING) + "x" + "}".repeat(Interpolation.MAX_NESTING));
        assertFalse(fine.tooDeep());
        assertEquals("x", fine.value());
    }
}
