package io.kestrastack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContextPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "  ", " / "})
    void empty_and_slash_both_mean_the_root(String text) {
        assertEquals(ContextPath.ROOT, ContextPath.parse(text));
        assertTrue(ContextPath.parse(text).isRoot());
    }

    @ParameterizedTest
    @ValueSource(strings = {"kestra", "/kestra", "/kestra/", "kestra/", " /kestra "})
    void a_missing_leading_slash_and_one_trailing_slash_are_normalised(String text) {
        assertEquals("/kestra", ContextPath.parse(text).value());
    }

    @Test
    void nested_segments_and_url_safe_characters_are_kept_as_written() {
        assertEquals("/Team-A/kestra_2.0~x", ContextPath.parse("Team-A/kestra_2.0~x").value());
    }

    @Test
    void the_trailing_slash_form_has_exactly_one_slash_at_the_end() {
        assertEquals("/", ContextPath.ROOT.withTrailingSlash());
        assertEquals("/kestra/", ContextPath.parse("/kestra/").withTrailingSlash());
        assertEquals("/a/b/", ContextPath.parse("a/b").withTrailingSlash());
    }

    @ParameterizedTest
    @ValueSource(strings = {"//", "/kestra//", "/a//b", "/a b", "/ü", "/a/./b", "/..", "/a/../b", "/a?b", "/a#b",
        "/a%20b", "/a;b", "/a:b", "/a\\b"})
    void segments_with_other_characters_or_empty_dot_segments_are_refused(String text) {
        assertThrows(IllegalArgumentException.class, () -> ContextPath.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ui", "/API", "/kestra/ui", "/Api/x"})
    void ui_and_api_segments_are_refused_because_kestra_serves_them_below_the_path(String text) {
        assertThrows(IllegalArgumentException.class, () -> ContextPath.parse(text));
    }

    @Test
    void the_constructor_takes_only_the_normalised_form() {
        assertThrows(IllegalArgumentException.class, () -> new ContextPath("kestra"));
        assertThrows(IllegalArgumentException.class, () -> new ContextPath("/kestra/"));
        assertFalse(new ContextPath("/kestra").isRoot());
    }
}
