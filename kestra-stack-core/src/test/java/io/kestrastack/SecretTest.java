package io.kestrastack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.render.RenderedFile;
import io.kestrastack.render.StackRenderer;
import io.kestrastack.testing.FakeEdge;
import io.kestrastack.testing.TestSecrets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretTest {

    private static final String VALUE = "Very-Secret-Value-42";

    @Test
    void to_string_names_the_variable_and_never_the_value() {
        Secret s = Secret.of("DB_PASSWORD", VALUE);
        assertEquals("Secret[DB_PASSWORD]", s.toString());
        assertEquals("Secret[DB_PASSWORD]", String.valueOf(s));
    }

    @Test
    void equal_secrets_have_the_same_variable_and_the_same_value() {
        assertEquals(Secret.of("A", VALUE), Secret.of("A", VALUE));
        assertNotEquals(Secret.of("A", VALUE), Secret.of("A", VALUE + "x"));
        assertNotEquals(Secret.of("A", VALUE), Secret.of("B", VALUE));
        assertNotEquals(Secret.of("A", VALUE), (Object) "Secret[A]");
    }

    @Test
    void the_hash_code_depends_on_the_variable_only_so_it_reveals_nothing_about_the_value() {
        assertEquals(Secret.of("A", "one").hashCode(), Secret.of("A", "another value").hashCode());
        assertEquals("A".hashCode(), Secret.of("A", VALUE).hashCode());
    }

    @Test
    void generated_secrets_are_32_alphanumeric_characters_and_differ_each_time() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Secret s = Secret.generate("X");
            String v = TestSecrets.valueOf(s);
            assertTrue(v.matches("[A-Za-z0-9]{32}"), v);
            assertTrue(s.generated());
            assertTrue(seen.add(v), "repeated value");
        }
    }

    @Test
    void generated_passwords_meet_kestras_basic_auth_policy() {
        for (int i = 0; i < 200; i++) {
            String v = TestSecrets.valueOf(Secret.generatePassword("P"));
            assertTrue(v.matches("[A-Za-z0-9]{32}") && v.matches(".*[a-z].*") && v.matches(".*[A-Z].*")
                    && v.matches(".*[0-9].*"), v);
        }
    }

    @Test
    void generated_keys_are_the_base64_of_32_bytes() {
        String v = TestSecrets.valueOf(Secret.generateKey("K"));
        assertEquals(32, Base64.getDecoder().decode(v).length);
    }

    @Test
    void supplied_secrets_are_not_generated_and_keep_their_value_under_another_name() {
        Secret s = Secret.of("A", VALUE);
        assertFalse(s.generated());
        Secret renamed = s.withVariable("B");
        assertEquals("B", renamed.variable());
        assertEquals(VALUE, TestSecrets.valueOf(renamed));
    }

    @Test
    void no_model_to_string_shows_a_secret_value() {
        Secret pg = Secret.of("POSTGRES_PASSWORD", "pg-" + VALUE);
        Secret auth = Secret.of("BASIC_AUTH_PASSWORD", "Auth-" + VALUE);
        Secret key = Secret.of("ENCRYPTION_SECRET_KEY", "key-" + VALUE);
        Secret flow = Secret.of("SECRET_API", "flow-" + VALUE);
        Secret proxy = Secret.of("PROXY_PASSWORD", "proxy-" + VALUE);
        Secret s3 = Secret.of("S3_SECRET_KEY", "s3-" + VALUE);
        Secret edge = Secret.of("EDGE_TOKEN", "edge-" + VALUE);
        Stack stack = Stack.builder()
                .postgres(p -> p.password(pg))
                .kestra(k -> k.basicAuth("admin@example.com", auth).encryptionKey(key).addFlowSecret(flow)
                        .storage(new InternalStorage.S3("bucket-a", "eu-west-1", null, Secret.of("S3_ACCESS_KEY", "ak-" + VALUE), s3, false))
                        .forwardProxy(f -> f.host("proxy.example").credentials("user", proxy)))
                .edge(FakeEdge.ok().withSecret(edge))
                .build();
        String all = String.join("\n", stack.toString(), stack.postgres().toString(), stack.kestra().toString(),
                stack.kestra().basicAuth().toString(), stack.kestra().forwardProxy().orElseThrow().toString(),
                stack.kestra().storage().toString(), stack.secrets().toString());
        for (RenderedFile f : StackRenderer.render(stack)) {
            all += "\n" + f;
        }
        assertFalse(all.contains(VALUE), all);
        assertTrue(all.contains("Secret[POSTGRES_PASSWORD]"), all);
    }

    @Test
    void the_secrets_of_a_stack_are_listed_once_per_variable_in_a_stable_order() {
        Secret shared = Secret.of("SHARED_PASSWORD", VALUE);
        Stack stack = Stack.builder().postgres(p -> p.password(shared))
                .kestra(k -> k.basicAuth("admin@example.com", Secret.of("SHARED_PASSWORD", VALUE)).noEncryptionKey())
                .build();
        assertEquals(List.of("SHARED_PASSWORD"), stack.secrets().stream().map(Secret::variable).toList());
    }
}
