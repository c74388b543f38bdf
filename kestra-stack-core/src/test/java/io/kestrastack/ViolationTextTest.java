package io.kestrastack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A violation is one line, whatever the user value it quotes (issue 10 item 10). */
class ViolationTextTest {

    @Test
    void control_characters_and_line_separators_in_a_violation_are_escaped() {
        Violation v = new Violation("a\nb", "code", "'x\ny [fake-code]: z' is bad\r\u2028\u0085\u001b[31m\u202e", "fix\n");
        assertEquals("a\\nb [code]: 'x\\ny [fake-code]: z' is bad\\r\\u2028\\u0085\\u001b[31m\\u202e; fix: fix\\n",
                v.toString());
        assertTrue(v.toString().lines().count() == 1);
    }

    @Test
    void a_user_value_with_a_line_break_cannot_print_a_fake_extra_violation() {
        StackConfigException e = assertThrows(StackConfigException.class, () -> Stack.builder()
                .publicAddress("http://localhost:8080")
                .kestra(k -> k.forwardProxy(p -> p.host("proxy\nkestra.url [ok]: all good").port(3128)))
                .build());
        for (Violation v : e.violations()) {
            assertFalse(v.toString().contains("\n"), v.toString());
        }
        assertFalse(e.getMessage().lines().anyMatch(l -> l.strip().startsWith("kestra.url [ok]")), e.getMessage());
    }
}
