package io.kestrastack;

import static io.kestrastack.testing.Violations.assertExactly;
import static io.kestrastack.testing.Violations.assertViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Kestra's basic-auth rules, checked when the Kestra service is built. */
class BasicAuthTest {

    private static KestraService build(String username, String password) {
        return KestraService.builder().basicAuth(username, Secret.of("BASIC_AUTH_PASSWORD", password)).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin@example.com", "first.last@sub.example.org", "o'brien+ops@example.io",
        "a!#%&*/=?^_`|~-@example.com"})
    void email_addresses_are_accepted_as_usernames(String username) {
        assertEquals(username, build(username, "Passw0rd").basicAuth().username());
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", "admin@localhost", "@example.com", "admin@", "a b@example.com", "a..b@example.com",
        "admin@example.c", "admin@-example.com", "ädmin@example.com", "admin@example.com "})
    void the_username_must_be_an_email_address(String username) {
        assertViolation(() -> build(username, "Passw0rd"), "basicAuth.username", "not-an-email");
    }

    @Test
    void the_username_may_have_at_most_254_characters() {
        String local = "a".repeat(64);
        String domain = ("b".repeat(60) + ".").repeat(3) + "com";
        build(local + "@" + domain, "Passw0rd");
        assertViolation(() -> build(local + "@" + "c".repeat(10) + "." + domain, "Passw0rd"), "basicAuth.username",
                "not-an-email");
    }

    @Test
    void a_placeholder_in_the_username_is_reported_as_such_too() {
        assertExactly(() -> build("a${b}@example.com", "Passw0rd"), "basicAuth.username not-an-email",
                "basicAuth.username micronaut-placeholder");
    }

    @Test
    void a_username_is_required() {
        assertExactly(() -> KestraService.builder().build(), "basicAuth.username required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Passw0r", "password1", "PASSWORD1", "Password", "12345678"})
    void the_password_needs_8_characters_with_lower_and_upper_case_letters_and_a_digit(String password) {
        assertExactly(() -> build("admin@example.com", password), "basicAuth.password weak-password");
    }

    /** Kestra counts ASCII letters and digits only; other scripts' letters and digits do not satisfy it. */
    @ParameterizedTest
    @ValueSource(strings = {"passwörd1", "Pässwörd", "Password\u0663", "pässwörd1É"})
    void the_password_policy_counts_only_ascii_letters_and_digits(String password) {
        assertExactly(() -> build("admin@example.com", password), "basicAuth.password weak-password");
    }

    @Test
    void the_password_may_have_8_to_256_characters() {
        build("admin@example.com", "Passw0rd");
        build("admin@example.com", "Aa1" + "x".repeat(253));
        assertExactly(() -> build("admin@example.com", "Aa1" + "x".repeat(254)), "basicAuth.password weak-password");
    }

    @Test
    void the_password_follows_the_rules_of_every_infrastructure_secret() {
        assertViolation(() -> build("admin@example.com", "Passw0rd'"), "basicAuth.password", "secret-unsafe-quote");
        assertViolation(() -> KestraService.builder().basicAuth("admin@example.com", Secret.of("KESTRA_PASSWORD", "Passw0rd"))
                .build(), "basicAuth.password", "reserved-variable");
    }

    @Test
    void with_generated_password_meets_the_policy_under_the_default_variable() {
        BasicAuth auth = BasicAuth.withGeneratedPassword("admin@example.com");
        assertEquals(BasicAuth.DEFAULT_PASSWORD_VARIABLE, auth.password().variable());
        assertTrue(TestSecrets.valueOf(auth.password()).matches("(?=.*[a-z])(?=.*[A-Z])(?=.*[0-9]).{32}"));
    }

    @Test
    void to_string_shows_the_username_and_only_the_password_variable() {
        BasicAuth auth = new BasicAuth("admin@example.com", Secret.of("BASIC_AUTH_PASSWORD", "Passw0rd-Hidden"));
        assertEquals("BasicAuth[username=admin@example.com, password=Secret[BASIC_AUTH_PASSWORD]]", auth.toString());
    }
}
