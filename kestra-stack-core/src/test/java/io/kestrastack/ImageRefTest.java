package io.kestrastack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageRefTest {

    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    @Test
    void a_reference_splits_into_repository_tag_and_digest() {
        ImageRef ref = ImageRef.parse("ghcr.io/acme/kestra:v2.0.5@" + DIGEST);
        assertEquals("ghcr.io/acme/kestra", ref.repository());
        assertEquals("v2.0.5", ref.tag());
        assertEquals(DIGEST, ref.digest());
        assertEquals("ghcr.io/acme/kestra:v2.0.5@" + DIGEST, ref.reference());
        assertEquals(ref.reference(), ref.toString());
    }

    @Test
    void a_registry_port_is_part_of_the_repository_not_the_tag() {
        ImageRef ref = ImageRef.parse("localhost:5000/kestra:1.3.4");
        assertEquals("localhost:5000/kestra", ref.repository());
        assertEquals("1.3.4", ref.tag());
    }

    @Test
    void a_digest_alone_is_enough() {
        ImageRef ref = ImageRef.parse("postgres@" + DIGEST);
        assertNull(ref.tag());
        assertEquals(Optional.empty(), ref.leadingVersion());
        assertFalse(ref.isFloating());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "localhost:5000/kestra", "Postgres:18", "postgres:", "postgres:-x",
        "post gres:1", "postgres@sha256:abc", "postgres:18 ", "/postgres:1", "postgres::1"})
    void references_without_tag_or_digest_or_with_bad_syntax_are_refused(String text) {
        assertThrows(IllegalArgumentException.class, () -> ImageRef.parse(text));
        assertEquals(Optional.empty(), ImageRef.tryParse(text));
    }

    @Test
    void a_tag_has_at_most_128_characters() {
        ImageRef.parse("x:" + "a".repeat(128));
        assertThrows(IllegalArgumentException.class, () -> ImageRef.parse("x:" + "a".repeat(129)));
    }

    @Test
    void the_record_refuses_a_repository_that_carries_a_tag() {
        assertThrows(IllegalArgumentException.class, () -> new ImageRef("postgres:18", null, null));
        assertThrows(IllegalArgumentException.class, () -> new ImageRef("postgres", null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", "latest-lts", "develop", "nightly", "edge", "main", "master", "LATEST",
        "latest-no-plugins", "develop-no-plugins"})
    void moving_tags_are_floating(String tag) {
        assertTrue(ImageRef.parse("kestra/kestra:" + tag).isFloating());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2.0.5", "18.1", "v1.3", "v2.0.5-no-plugins", "mainline1", "latest1"})
    void versioned_tags_are_not_floating(String tag) {
        assertFalse(ImageRef.parse("kestra/kestra:" + tag).isFloating());
    }

    @Test
    void a_digest_pins_even_a_floating_tag() {
        assertFalse(ImageRef.parse("kestra/kestra:latest@" + DIGEST).isFloating());
    }

    @ParameterizedTest
    @CsvSource({"18.1-bookworm, 18", "v1.3.4, 1", "v2.0, 2", "14, 14", "v2.0.5-no-plugins, 2"})
    void the_leading_number_of_the_tag_is_the_major_version(String tag, int major) {
        assertEquals(Optional.of(major), ImageRef.parse("x:" + tag).leadingVersion());
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", "bookworm", "12345", "x1"})
    void tags_without_a_leading_version_have_none(String tag) {
        assertEquals(Optional.empty(), ImageRef.parse("x:" + tag).leadingVersion());
    }
}
