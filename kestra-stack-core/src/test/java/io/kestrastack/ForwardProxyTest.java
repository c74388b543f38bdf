package io.kestrastack;

import static io.kestrastack.testing.Violations.assertExactly;
import static io.kestrastack.testing.Violations.assertViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.testing.TestSecrets;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForwardProxyTest {

    private static final Secret PASSWORD = Secret.of("PROXY_PASSWORD", "pr0xy-Pass");

    private static ForwardProxy.Builder proxy() {
        return ForwardProxy.builder().host("proxy.corp.example");
    }

    @Test
    void a_proxy_without_credentials_sends_none() {
        ForwardProxy p = proxy().build();
        assertEquals(ForwardProxy.Type.HTTP, p.type());
        assertEquals("proxy.corp.example:3128", p.address());
        assertEquals(ForwardProxy.Authentication.NONE, p.authentication());
        assertEquals(Optional.empty(), p.secret());
        assertEquals(Optional.empty(), p.username());
    }

    @Test
    void credentials_are_sent_as_username_and_password_by_default() {
        ForwardProxy p = proxy().credentials("svc-kestra", PASSWORD).build();
        assertEquals(ForwardProxy.Authentication.CREDENTIALS, p.authentication());
        assertEquals(Optional.of(PASSWORD), p.secret());
    }

    @Test
    void a_basic_header_holds_the_base64_of_user_colon_password_in_its_own_variable() {
        ForwardProxy p = proxy().credentials("svc-kestra", PASSWORD).authentication(ForwardProxy.Authentication.BASIC_HEADER)
                .build();
        Secret header = p.secret().orElseThrow();
        assertEquals("PROXY_PASSWORD_HEADER", header.variable());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("svc-kestra:pr0xy-Pass".getBytes(StandardCharsets.UTF_8)),
                TestSecrets.valueOf(header));
    }

    @Test
    void a_basic_header_needs_credentials() {
        assertExactly(() -> proxy().authentication(ForwardProxy.Authentication.BASIC_HEADER).build(),
                "authentication missing-credentials");
    }

    @Test
    void the_host_is_required() {
        assertExactly(() -> ForwardProxy.builder().build(), "host required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Proxy.Corp", "http://proxy", "proxy:3128", "", "proxy corp"})
    void the_host_is_a_lower_case_name_or_ipv4_address(String host) {
        assertExactly(() -> ForwardProxy.builder().host(host).build(), "host invalid-host");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536})
    void the_port_is_between_1_and_65535(int port) {
        assertExactly(() -> proxy().port(port).build(), "port invalid-port");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "user:name", "user\nname", "tab\tuser"})
    void the_username_has_no_colon_or_control_characters_and_is_not_empty(String username) {
        assertExactly(() -> proxy().credentials(username, PASSWORD).build(), "username invalid-username");
    }

    @Test
    void the_username_has_no_micronaut_placeholder() {
        assertExactly(() -> proxy().credentials("a${b}", PASSWORD).build(), "username micronaut-placeholder");
    }

    @Test
    void the_password_follows_the_rules_of_every_infrastructure_secret() {
        assertViolation(() -> proxy().credentials("u", Secret.of("PROXY_PASSWORD", "")).build(), "password", "empty-secret");
        assertViolation(() -> proxy().credentials("u", Secret.of("PROXY_PASSWORD", "a\\b")).build(), "password",
                "secret-unsafe-quote");
    }

    @Test
    void to_builder_keeps_every_setting() {
        ForwardProxy p = proxy().type(ForwardProxy.Type.SOCKS).port(1080).credentials("u", PASSWORD)
                .authentication(ForwardProxy.Authentication.BASIC_HEADER).build();
        ForwardProxy copy = p.toBuilder().build();
        assertEquals(p.toString(), copy.toString());
        assertEquals(p.secret(), copy.secret());
        assertEquals(ForwardProxy.Type.SOCKS, copy.type());
        assertEquals("socks", copy.type().text());
    }

    @Test
    void to_string_hides_the_password() {
        String s = proxy().credentials("svc", PASSWORD).build().toString();
        assertFalse(s.contains("pr0xy-Pass"), s);
        assertTrue(s.contains("Secret[PROXY_PASSWORD]"), s);
    }
}
