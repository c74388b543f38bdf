package io.kestrastack.lint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The version an image tag names, variables whose values are unknown, and nginx times. */
class KestraVersionAndUnknownVariablesTest {

    @Test
    void release_tags_name_their_version_and_full_tags_run_kestra_before_0_24() {
        assertEquals(new KestraVersion(0, 19, false), KestraVersion.parse("v0.19.11"));
        assertEquals(new KestraVersion(1, 3, false), KestraVersion.parse("v1.3"));
        assertEquals(new KestraVersion(0, 17, true), KestraVersion.parse("v0.17.4-full"));
        assertFalse(KestraVersion.parse("latest-full").atLeast(0, 24));
        assertTrue(KestraVersion.parse("latest-full").obsoleteTag());
        assertFalse(KestraVersion.parse("develop-full").atLeast(0, 24));
        assertTrue(KestraVersion.parse("v0.24.0").atLeast(0, 24));
        assertFalse(KestraVersion.parse("v0.23.9").atLeast(0, 24));
    }

    @Test
    void moving_unknown_and_missing_tags_count_as_the_current_release() {
        for (String tag : new String[] {"latest", "develop", "latest-no-plugins", "something-odd"}) {
            assertTrue(KestraVersion.parse(tag).atLeast(2, 0), tag);
            assertFalse(KestraVersion.parse(tag).obsoleteTag(), tag);
        }
        assertTrue(KestraVersion.parse(null).atLeast(2, 0));
    }

    @Test
    void an_unknown_variable_is_marked_not_emptied_and_is_not_an_undefined_reference() {
        Interpolation.Result r = Interpolation.apply("password: ${DB_PASSWORD}", n -> null, n -> n.equals("DB_PASSWORD"));
        assertFalse(r.complete());
        assertEquals(List.of(), r.unguardedUndefined());
        assertEquals("password: " + Interpolation.UNKNOWN_MARK + "DB_PASSWORD" + Interpolation.UNKNOWN_MARK, r.value());
        Interpolation.Result undefined = Interpolation.apply("password: ${DB_PASSWORD}", n -> null);
        assertEquals("password: ", undefined.value());
        assertEquals(1, undefined.unguardedUndefined().size());
    }

    @Test
    void a_reference_records_its_default_and_whether_it_is_required() {
        Interpolation.Reference d = Interpolation.apply("${A:-kestra}", n -> null).references().get(0);
        assertEquals("kestra", d.fallback());
        assertFalse(d.required());
        Interpolation.Reference q = Interpolation.apply("${A:?set A}", n -> "x").references().get(0);
        assertTrue(q.required());
        assertNull(q.fallback());
    }

    @Test
    void nginx_times_are_read_in_seconds() {
        assertEquals(60L, NginxChecks.seconds("60"));
        assertEquals(90L, NginxChecks.seconds("90s"));
        assertEquals(300L, NginxChecks.seconds("5m"));
        assertEquals(5400L, NginxChecks.seconds("1h30m"));
        assertNull(NginxChecks.seconds("soon"));
        assertNull(NginxChecks.seconds(""));
    }

    @Test
    void snippets_that_import_themselves_many_times_are_expanded_within_a_bound() {
        StringBuilder caddy = new StringBuilder("(loop) {\n");
        for (int i = 0; i < 12; i++) {
            caddy.append("\timport loop\n");
        }
        caddy.append("\tencode gzip\n}\n\nflows.example.com {\n\timport loop\n\treverse_proxy kestra:8080\n}\n");
        long start = System.nanoTime();
        List<io.kestrastack.lint.Finding> findings = io.kestrastack.lint.StackLint.lint(
                java.util.Map.of("Caddyfile", caddy.toString()));
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "took too long");
        assertEquals(List.of("caddy-encode-event-stream"), findings.stream().map(f -> f.rule().id()).distinct().toList());
    }

    @Test
    void floating_tags_name_a_line_and_release_tags_do_not() {
        for (String ref : new String[] {"nginx:alpine", "docker:dind-rootless", "nginx:stable", "nginx:mainline",
                "postgres:16-alpine", "caddy:2-alpine", "app:ci-4411"}) {
            assertTrue(ComposeProject.Image.parse(ref).floats(), ref);
        }
        for (String ref : new String[] {"nginx:1.28.0-alpine", "postgres:16.4", "postgres:16", "kestra/kestra:latest",
                "docker:28.3.3-dind-rootless", "nginx@sha256:abc"}) {
            assertFalse(ComposeProject.Image.parse(ref).floats(), ref);
        }
    }
}
