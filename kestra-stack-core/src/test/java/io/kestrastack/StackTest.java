package io.kestrastack;

import static io.kestrastack.testing.Violations.assertExactly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.render.StackRenderer;
import io.kestrastack.testing.Examples;
import io.kestrastack.testing.FakeEdge;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The stack's own settings and the relations between its parts. */
class StackTest {

    private static final String DIGEST = "sha256:" + "cd".repeat(32);

    @Test
    void defaults_are_a_local_stack_at_localhost_8080_without_an_edge() {
        Stack s = Examples.minimal().build();
        assertEquals("kestra", s.name());
        assertEquals("http://localhost:8080", s.address().origin());
        assertTrue(s.contextPath().isRoot());
        assertEquals("http://localhost:8080/", s.kestraUrl());
        assertEquals(KestraLine.V2, s.line());
        assertEquals("kestra-stack", s.network());
        assertEquals(Optional.empty(), s.edge());
        assertEquals(Optional.of(8080), s.kestraPublishedPort());
    }

    @Test
    void the_kestra_url_is_derived_from_address_and_path_with_one_trailing_slash() {
        Stack s = Examples.minimal().publicAddress("https://Flows.Example.com/").contextPath("kestra/").build();
        assertEquals("https://flows.example.com/kestra/", s.kestraUrl());
        assertEquals(s.kestraUrl(), s.edgeContext().kestraUrl());
    }

    @Test
    void name_network_address_and_path_are_checked() {
        assertExactly(() -> Examples.minimal().name("My Stack").network("Net!").publicAddress("flows.example.com")
                        .contextPath("/api").build(),
                "name invalid-project-name", "network invalid-network-name", "publicAddress invalid-address",
                "contextPath invalid-context-path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-kestra", "Kestra", "kestra.prod", "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"})
    void the_project_name_follows_compose(String name) {
        assertExactly(() -> Examples.minimal().name(name).build(), "name invalid-project-name");
    }

    @Test
    void the_release_line_must_agree_with_the_image() {
        assertExactly(() -> Examples.minimal().kestraLine(KestraLine.V1).build(), "kestraLine line-mismatch");
        assertEquals(KestraLine.V1, Examples.minimal().kestraLine(KestraLine.V1)
                .kestra(k -> k.image("kestra/kestra:v1.3.4")).build().line());
    }

    @Test
    void the_release_line_is_required_when_the_image_does_not_tell() {
        assertExactly(() -> Examples.minimal().kestra(k -> k.image("kestra/kestra@" + DIGEST)).build(),
                "kestraLine required");
        assertEquals(KestraLine.V2, Examples.minimal().kestra(k -> k.image("kestra/kestra@" + DIGEST))
                .kestraLine(KestraLine.V2).build().line());
    }

    @Test
    void kestras_port_may_be_published_only_without_an_edge() {
        assertEquals(Optional.of(9000), Examples.minimal().kestra(k -> k.publishedPort(9000)).build().kestraPublishedPort());
        assertExactly(() -> Examples.minimal().kestra(k -> k.publishedPort(9000)).edge(FakeEdge.ok()).build(),
                "kestra.publishedPort published-behind-edge");
        assertEquals(Optional.empty(), Examples.minimal().edge(FakeEdge.ok()).build().kestraPublishedPort());
    }

    @Test
    void no_edge_removes_a_previously_set_edge() {
        assertEquals(Optional.empty(), Examples.minimal().edge(FakeEdge.ok()).noEdge().build().edge());
    }

    @Test
    void service_names_are_unique_across_postgres_kestra_and_the_edge() {
        assertExactly(() -> Examples.minimal().kestra(k -> k.serviceName("postgres")).build(),
                "kestra.serviceName duplicate-service-name");
        assertExactly(() -> Examples.minimal().edge(FakeEdge.ok().withServiceName("kestra")).build(),
                "edge.serviceName duplicate-service-name");
        assertExactly(() -> Examples.minimal().edge(FakeEdge.ok().withServiceName("postgres")).build(),
                "edge.serviceName duplicate-service-name");
    }

    @Test
    void kestras_local_storage_and_postgres_need_their_own_volumes() {
        assertExactly(() -> Examples.minimal().kestra(k -> k.storage(new InternalStorage.Local("/app/storage", "postgres-data")))
                .build(), "kestra.storage.volume duplicate-volume");
    }

    @Test
    void max_connections_covers_every_kestra_pool_plus_reserved_and_spare_connections() {
        int needed = 10 + Stack.RESERVED_CONNECTIONS + Stack.SPARE_CONNECTIONS;
        Examples.minimal().postgres(p -> p.maxConnections(needed)).build();
        assertExactly(() -> Examples.minimal().postgres(p -> p.maxConnections(needed - 1)).build(),
                "postgres.maxConnections too-few-connections");
        assertExactly(() -> Examples.minimal().postgres(p -> p.maxConnections(needed)).kestra(k -> k.poolSize(11)).build(),
                "postgres.maxConnections too-few-connections");
    }

    @Test
    void one_variable_may_not_name_two_different_secrets() {
        assertExactly(() -> Examples.minimal().postgres(p -> p.password(Secret.of("SHARED_PASSWORD", "Value-One-1")))
                        .kestra(k -> k.basicAuth("admin@example.com", Secret.of("SHARED_PASSWORD", "Value-Two-2"))).build(),
                "secrets.SHARED_PASSWORD duplicate-variable");
        assertExactly(() -> Examples.minimal().edge(FakeEdge.ok().withSecret(Secret.of("POSTGRES_PASSWORD", "other")))
                .build(), "secrets.POSTGRES_PASSWORD duplicate-variable");
        Examples.minimal().postgres(p -> p.password(Secret.of("SHARED_PASSWORD", "Same-Value-1")))
                .kestra(k -> k.basicAuth("admin@example.com", Secret.of("SHARED_PASSWORD", "Same-Value-1"))).build();
    }

    @Test
    void published_host_ports_are_unique() {
        assertExactly(() -> Examples.minimal().postgres(p -> p.publishedPort(8080)).build(),
                "postgres.publishedPort port-conflict");
        assertExactly(() -> Examples.minimal().postgres(p -> p.publishedPort(443)).edge(FakeEdge.ok()).build(),
                "postgres.publishedPort port-conflict");
        Examples.minimal().postgres(p -> p.publishedPort(15432)).edge(FakeEdge.ok()).build();
    }

    @Test
    void the_edges_own_findings_are_reported_under_edge() {
        assertExactly(() -> Examples.minimal().edge(FakeEdge.ok().withChecks(c -> List.of(
                        new Violation("site", "needs-https", "m", "f")))).build(),
                "edge.site needs-https");
        assertExactly(() -> Examples.minimal().edge(FakeEdge.failingBuilder(new Violation("image", "unpinned-image", "m", "f")))
                .build(), "edge.image unpinned-image");
    }

    @Test
    void the_edge_is_told_the_address_path_upstream_and_line() {
        List<EdgeContext> seen = new ArrayList<>();
        Stack s = Examples.minimal().name("flows").publicAddress("https://flows.example.com").contextPath("/kestra")
                .kestra(k -> k.serviceName("kestra-app").image("kestra/kestra:v1.3.4"))
                .edge(FakeEdge.ok().withChecks(c -> {
                    seen.add(c);
                    return List.of();
                }))
                .build();
        assertEquals(List.of(s.edgeContext()), seen);
        EdgeContext c = seen.get(0);
        assertEquals("flows", c.projectName());
        assertEquals("kestra-app:8080", c.upstream());
        assertEquals("https://flows.example.com/kestra/", c.kestraUrl());
        assertEquals(KestraLine.V1, c.line());
    }

    @Test
    void the_edge_is_not_asked_while_the_stack_it_would_serve_is_invalid() {
        List<EdgeContext> seen = new ArrayList<>();
        assertExactly(() -> Examples.minimal().publicAddress("nope").edge(FakeEdge.ok().withChecks(c -> {
            seen.add(c);
            return List.of();
        })).build(), "publicAddress invalid-address");
        assertTrue(seen.isEmpty());
    }

    @Test
    void the_stacks_secrets_include_the_edges_after_postgres_and_kestra() {
        Secret token = Secret.of("EDGE_TOKEN", "edge-token-value");
        Stack s = Examples.singleHost().edge(FakeEdge.ok().withSecret(token)).build();
        assertEquals(List.of("POSTGRES_PASSWORD", "BASIC_AUTH_PASSWORD", "ENCRYPTION_SECRET_KEY", "EDGE_TOKEN"),
                s.secrets().stream().map(Secret::variable).toList());
    }

    @Test
    void to_builder_gives_a_stack_that_renders_identically() {
        Stack s = Examples.singleHost().name("flows").publicAddress("https://flows.example.com:8443").contextPath("/k")
                .network("flows-net").kestraLine(KestraLine.V2).edge(FakeEdge.ok()).build();
        Stack copy = s.toBuilder().build();
        assertEquals(StackRenderer.render(s), StackRenderer.render(copy));
        assertSame(s.edge().orElseThrow(), copy.edge().orElseThrow());
    }

    @Test
    void to_string_summarises_without_secret_values() {
        Stack s = Examples.singleHost().edge(FakeEdge.ok()).build();
        String text = s.toString();
        assertTrue(text.startsWith("Stack[name=kestra, url=http://localhost:8080/, line=V2"), text);
        assertTrue(text.endsWith("edge=fake]"), text);
        assertFalse(text.contains("test-Postgres-password-1"), text);
    }

    @Test
    void without_an_edge_kestra_is_published_on_the_http_port_of_the_address_or_8080_behind_external_tls() {
        assertEquals(java.util.Optional.of(9000),
                Examples.minimal().publicAddress("http://kestra.internal.example:9000").build().kestraPublishedPort());
        assertEquals(java.util.Optional.of(8080),
                Examples.minimal().publicAddress("https://kestra.example.com").build().kestraPublishedPort(),
                "https without an edge: TLS ends at a load balancer that forwards to 8080, never plain HTTP on 443");
        assertEquals(java.util.Optional.of(8443), Examples.minimal().publicAddress("https://kestra.example.com")
                .kestra(k -> k.publishedPort(8443)).build().kestraPublishedPort());
    }
}
