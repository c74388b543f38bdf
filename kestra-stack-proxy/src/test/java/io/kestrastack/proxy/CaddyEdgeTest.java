package io.kestrastack.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.Stack;
import io.kestrastack.Violation;
import io.kestrastack.proxy.testing.CaddyJson;
import io.kestrastack.proxy.testing.EdgeRuns;
import io.kestrastack.proxy.testing.RealTools;
import io.kestrastack.proxy.testing.RenderedEdge;
import io.kestrastack.proxy.testing.Violations;
import io.kestrastack.render.ServiceSpec;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CaddyEdgeTest {

    static Stack.Builder stack(String address, CaddyEdge.Builder edge) {
        return Stack.builder().publicAddress(address).kestra(k -> k.username("admin@example.com")).edge(edge);
    }

    static Stack build(String address, Consumer<CaddyEdge.Builder> edit) {
        CaddyEdge.Builder b = CaddyEdge.builder();
        edit.accept(b);
        return stack(address, b).build();
    }

    @Test
    void only_tls_internal_signs_its_own_certificate_and_only_acme_is_publicly_trusted() {
        CaddyEdge internal = CaddyEdge.builder().tls(CaddyEdge.Tls.internal()).build();
        CaddyEdge acme = CaddyEdge.builder().tls(CaddyEdge.Tls.acme("ops@example.com")).build();
        assertTrue(internal.signsOwnCertificate());
        assertFalse(internal.publiclyTrusted());
        assertFalse(acme.signsOwnCertificate());
        assertTrue(acme.publiclyTrusted());
    }

    @Test
    void a_tls_mode_is_required() {
        Violations.expect(() -> build("https://flows.example.com", b -> {}), "edge.tls", "required");
    }

    @Test
    void acme_needs_a_public_dns_name() {
        for (String host : List.of("localhost", "127.0.0.1", "kestra", "kestra.internal", "ci.test", "10.0.0.5")) {
            Violations.expect(() -> build("https://" + host, b -> b.tls(CaddyEdge.Tls.acme("ops@example.com"))),
                    "edge.tls", "acme-needs-public-name");
        }
    }

    @Test
    void tls_modes_must_match_the_scheme() {
        Violations.expect(() -> build("http://flows.example.com", b -> b.tls(CaddyEdge.Tls.internal())), "edge.tls",
                "tls-needs-https-address");
        Violations.expect(() -> build("https://flows.example.com", b -> b.tls(CaddyEdge.Tls.none())), "edge.tls",
                "plain-http-needs-http-address");
    }

    @Test
    void the_port_must_not_be_the_other_schemes_port() {
        Violations.expect(() -> build("https://flows.example.com:80", b -> b.tls(CaddyEdge.Tls.internal())),
                "edge.ports", "port-scheme-mismatch");
        Violations.expect(() -> build("http://localhost:443", b -> b.tls(CaddyEdge.Tls.none())), "edge.ports",
                "port-scheme-mismatch");
    }

    @Test
    void acme_needs_no_contact_email_and_renders_no_email_option_without_one() {
        Stack stack = build("https://flows.example.com", b -> b.tls(CaddyEdge.Tls.acme()));
        RenderedEdge out = new RenderedEdge(stack);
        assertTrue(out.globalOptions().flatMap(g -> g.one("email")).isEmpty(), "an email option without an email");
        RealTools.Result r = EdgeRuns.caddyValidate(stack);
        assertTrue(r.ok(), r.describe());
        Stack withContact = build("https://flows.example.com", b -> b.tls(CaddyEdge.Tls.acme("ops@example.com")));
        assertEquals(List.of("ops@example.com"),
                new RenderedEdge(withContact).globalOptions().orElseThrow().one("email").orElseThrow().args());
    }

    @Test
    void the_acme_contact_must_be_a_plain_email() {
        Violations.expect(() -> build("https://flows.example.com", b -> b.tls(CaddyEdge.Tls.acme("ops at example"))),
                "edge.tls.email", "invalid-email");
        Violations.expect(() -> build("https://flows.example.com", b -> b.tls(CaddyEdge.Tls.acme("ops@ex\nample.com"))),
                "edge.tls.email", "invalid-email");
    }

    @Test
    void the_image_must_be_a_pinned_caddy_of_at_least_2_6() {
        Violations.expect(() -> build("https://flows.example.com", b -> b.tls(CaddyEdge.Tls.internal()).image("caddy:2.5.2")),
                "edge.image", "unsupported-image-version");
        Violations.expect(() -> build("https://flows.example.com", b -> b.tls(CaddyEdge.Tls.internal()).image("caddy:alpine")),
                "edge.image", "unknown-image-version");
        Violations.expect(() -> build("https://flows.example.com", b -> b.tls(CaddyEdge.Tls.internal()).image("caddy:latest")),
                "edge.image", "unpinned-image");
        build("https://flows.example.com", b -> b.tls(CaddyEdge.Tls.internal()).image("caddy:2.6.2-alpine"));
        build("https://flows.example.com", b -> b.tls(CaddyEdge.Tls.internal()).image("ghcr.io/acme/caddy-custom:1.0"));
    }

    @Test
    void certificate_paths_must_be_plain_files_in_a_directory_of_their_own() {
        Violations.expect(() -> build("https://flows.example.com", b -> b.tls(CaddyEdge.Tls.files("certs/a.pem", "./certs/k.pem"))),
                "edge.tls.certificate", "invalid-path");
        Violations.expect(() -> build("https://flows.example.com", b -> b.tls(CaddyEdge.Tls.files("./a.pem", "./certs/k.pem"))),
                "edge.tls.certificate", "file-in-root-directory");
        Violations.expect(() -> build("https://flows.example.com", b -> b.tls(CaddyEdge.Tls.files("./c/a b.pem", "./c/k.pem"))),
                "edge.tls.certificate", "invalid-path");
        Violations.expect(() -> build("https://flows.example.com", b -> b.tls(CaddyEdge.Tls.files("./c/../x.pem", "./c/k.pem"))),
                "edge.tls.certificate", "invalid-path");
        Violations.expect(() -> build("https://flows.example.com", b -> b.tls(CaddyEdge.Tls.files("./c/a.pem", "./c/a.pem"))),
                "edge.tls.key", "key-is-certificate");
    }

    @Test
    void header_values_a_caddyfile_cannot_carry_are_violations_not_cleaned() {
        Violations.expect(() -> build("https://flows.example.com", b -> b.tls(CaddyEdge.Tls.internal())
                .proxy(p -> p.putResponseHeader("X-A", "{http.request.host}"))),
                "edge.proxy.responseHeaders.X-A", "not-expressible-in-caddyfile");
        Violations.expect(() -> build("https://flows.example.com", b -> b.tls(CaddyEdge.Tls.internal())
                .proxy(p -> p.putResponseHeader("defer", "x"))),
                "edge.proxy.responseHeaders.defer", "not-expressible-in-caddyfile");
    }

    @Test
    void the_edges_volumes_may_not_be_the_volumes_of_postgres_or_kestra() {
        Violations.expect(() -> build("https://localhost", b -> b.tls(CaddyEdge.Tls.internal()).dataVolume("kestra-storage")),
                "edge.volume", "duplicate-volume");
        Violations.expect(() -> build("https://localhost", b -> b.tls(CaddyEdge.Tls.internal()).configVolume("postgres-data")),
                "edge.volume", "duplicate-volume");
    }

    @Test
    void edge_problems_are_reported_with_the_rest_of_the_stack() {
        List<Violation> all = Violations.of(() -> Stack.builder().publicAddress("https://localhost")
                .kestra(k -> k.username("not-an-email"))
                .edge(CaddyEdge.builder().tls(CaddyEdge.Tls.acme("ops@example.com")).serviceName("Bad Name")
                        .proxy(p -> p.maxBodyMegabytes(0)))
                .build());
        List<String> paths = all.stream().map(Violation::path).toList();
        assertTrue(paths.contains("kestra.basicAuth.username") || paths.stream().anyMatch(p -> p.startsWith("kestra.")),
                paths.toString());
        assertTrue(paths.contains("edge.serviceName"), paths.toString());
        assertTrue(paths.contains("edge.proxy.maxBodyMegabytes"), paths.toString());
    }

    @Test
    void the_service_publishes_80_443_and_443_udp_and_mounts_the_caddyfile_read_only() {
        Stack stack = build("https://flows.example.com", b -> b.tls(CaddyEdge.Tls.files("./certs/full.pem", "./keys/k.pem")));
        ServiceSpec s = stack.edge().orElseThrow().service(stack.edgeContext());
        assertEquals(List.of(new ServiceSpec.Port(null, 80, 80, "tcp"), new ServiceSpec.Port(null, 443, 443, "tcp"),
                new ServiceSpec.Port(null, 443, 443, "udp")), s.ports());
        assertEquals(List.of(
                ServiceSpec.Mount.bind("./caddy/Caddyfile", "/etc/caddy/Caddyfile", true),
                ServiceSpec.Mount.volume("caddy-data", "/data"),
                ServiceSpec.Mount.volume("caddy-config", "/config"),
                ServiceSpec.Mount.bind("./certs", "/etc/caddy/certs/certificate", true),
                ServiceSpec.Mount.bind("./keys", "/etc/caddy/certs/key", true)), s.mounts());
        assertEquals("caddy:2.11.4", s.image().reference());
        RenderedEdge out = new RenderedEdge(stack);
        assertEquals(List.of("/etc/caddy/certs/certificate/full.pem", "/etc/caddy/certs/key/k.pem"),
                out.site().one("tls").orElseThrow().args());
    }

    @Test
    void a_non_default_port_is_served_by_caddy_itself_and_a_local_stack_is_published_on_loopback_only() {
        Stack stack = build("https://localhost:8443", b -> b.tls(CaddyEdge.Tls.internal()).http3(false));
        ServiceSpec s = stack.edge().orElseThrow().service(stack.edgeContext());
        assertEquals(List.of(new ServiceSpec.Port("127.0.0.1", 80, 80, "tcp"),
                new ServiceSpec.Port("127.0.0.1", 8443, 8443, "tcp")), s.ports());
        RenderedEdge out = new RenderedEdge(stack);
        assertEquals("localhost:8443", out.site().name());
        assertEquals(List.of("h1", "h2"), out.globalOptions().orElseThrow().one("servers").orElseThrow()
                .one("protocols").orElseThrow().args());
        assertTrue(out.globalOptions().orElseThrow().one("skip_install_trust").isPresent());
        RealTools.Result r = EdgeRuns.caddyValidate(stack);
        assertTrue(r.ok(), r.describe());
    }

    @Test
    void plain_http_serves_the_public_port_only() {
        Stack stack = build("http://localhost:8080", b -> b.tls(CaddyEdge.Tls.none()));
        ServiceSpec s = stack.edge().orElseThrow().service(stack.edgeContext());
        assertEquals(List.of(new ServiceSpec.Port("127.0.0.1", 8080, 8080, "tcp")), s.ports());
        RenderedEdge out = new RenderedEdge(stack);
        assertEquals("http://localhost:8080", out.site().name());
        assertFalse(out.responseHeaders().containsKey("Strict-Transport-Security"));
    }

    @Test
    void certificate_files_and_an_allow_list_pass_caddy_validate() {
        Stack stack = build("https://flows.example.com", b -> b.tls(CaddyEdge.Tls.files("./certs/full.pem", "./keys/k.pem"))
                .proxy(p -> p.addAllowedNetwork("10.0.0.0/8").addAllowedNetwork("2001:db8::/32")
                        .putResponseHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:")));
        RealTools.Result r = EdgeRuns.caddyValidate(stack);
        assertTrue(r.ok(), r.describe());
        CaddyJson json = new CaddyJson(EdgeRuns.caddyAdapt(stack));
        assertEquals(List.of("default-src 'self'; img-src 'self' data:"),
                json.responseHeaders().get("Content-Security-Policy"));
    }

    @Test
    void to_builder_rebuilds_an_equal_edge() {
        Stack stack = build("https://flows.example.com", b -> b.tls(CaddyEdge.Tls.acme("ops@example.com"))
                .proxy(p -> p.addAllowedNetwork("10.0.0.0/8")).dataVolume("d").configVolume("c"));
        CaddyEdge edge = (CaddyEdge) stack.edge().orElseThrow();
        CaddyEdge copy = edge.toBuilder().build();
        assertEquals(edge.files(stack.edgeContext()), copy.files(stack.edgeContext()));
        assertEquals(edge.service(stack.edgeContext()).mounts(), copy.service(stack.edgeContext()).mounts());
    }
}
