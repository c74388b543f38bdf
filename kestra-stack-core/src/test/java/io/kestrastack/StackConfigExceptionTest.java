package io.kestrastack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.testing.Violations;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackConfigExceptionTest {

    @Test
    void every_problem_of_every_part_is_reported_at_once() {
        StackConfigException e = Violations.assertInvalid(() -> Stack.builder()
                .name("Bad Name")
                .publicAddress("ftp://x")
                .postgres(p -> p.database("1db").user("User"))
                .kestra(k -> k.username("not-an-email").poolSize(0))
                .build());
        assertEquals(List.of("name invalid-project-name", "publicAddress invalid-address",
                "postgres.database invalid-identifier", "postgres.user invalid-identifier",
                "kestra.basicAuth.username not-an-email", "kestra.poolSize invalid-pool-size"), Violations.keys(e));
    }

    @Test
    void the_message_has_a_count_and_one_line_per_violation_with_path_code_message_and_fix() {
        StackConfigException e = Violations.assertInvalid(() -> Stack.builder().name("Bad Name").network("Bad Net")
                .kestra(k -> k.username("admin@example.com")).build());
        String[] lines = e.getMessage().split("\n");
        assertEquals("2 problems:", lines[0]);
        assertEquals(3, lines.length);
        for (int i = 0; i < e.violations().size(); i++) {
            Violation v = e.violations().get(i);
            assertEquals("  " + v.path() + " [" + v.code() + "]: " + v.message() + "; fix: " + v.fix(), lines[i + 1]);
        }
    }

    @Test
    void one_violation_is_one_problem() {
        StackConfigException e = new StackConfigException(List.of(new Violation("a", "b-c", "m", "f")));
        assertTrue(e.getMessage().startsWith("1 problem:\n  a [b-c]: m; fix: f"), e.getMessage());
    }

    @Test
    void an_exception_needs_at_least_one_violation() {
        assertThrows(IllegalArgumentException.class, () -> new StackConfigException(List.of()));
    }

    @Test
    void the_violations_are_an_unmodifiable_copy() {
        List<Violation> list = new ArrayList<>(List.of(new Violation("a", "b", "m", "f")));
        StackConfigException e = new StackConfigException(list);
        list.clear();
        assertEquals(1, e.violations().size());
        assertThrows(UnsupportedOperationException.class, () -> e.violations().add(new Violation("x", "y", "m", "f")));
    }

    @Test
    void no_violation_ever_contains_a_secret_value() {
        List<String> values = List.of("", " padded-Secret1 ", "quote'Secret1", "back\\slash1A", "place${holder}1A",
                "line\nbreak1A", "short1A", "x".repeat(4097), "nouppercase1", "NOLOWERCASE1", "NoDigitsHere");
        for (String value : values) {
            StackConfigException e = Violations.assertInvalid(() -> Stack.builder()
                    .postgres(p -> p.password(Secret.of("POSTGRES_PASSWORD", value)))
                    .kestra(k -> k.basicAuth("admin@example.com", Secret.of("BASIC_AUTH_PASSWORD", value))
                            .encryptionKey(Secret.of("ENCRYPTION_SECRET_KEY", value))
                            .addFlowSecret(Secret.of("SECRET_X", value))
                            .forwardProxy(f -> f.host("proxy.example").credentials("u", Secret.of("PROXY_PASSWORD", value))))
                    .build());
            if (!value.strip().isEmpty()) {
                assertFalse(e.getMessage().contains(value.strip()), e.getMessage());
                for (Violation v : e.violations()) {
                    assertFalse((v.path() + v.code() + v.message() + v.fix()).contains(value.strip()), v.toString());
                }
            }
        }
    }

    @Test
    void a_violation_is_moved_under_a_prefix_and_prints_the_stack_root_as_such() {
        Violation v = new Violation("host", "invalid-host", "m", "f");
        assertEquals("edge.host", v.under("edge").path());
        assertEquals(v, v.under(""));
        assertEquals("edge", new Violation("", "c", "m", "f").under("edge").path());
        assertEquals("(stack) [c]: m; fix: f", new Violation("", "c", "m", "f").toString());
    }
}
