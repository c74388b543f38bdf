package io.kestrastack.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.Stack;
import io.kestrastack.proxy.testing.Directive;
import io.kestrastack.proxy.testing.EdgeRuns;
import io.kestrastack.proxy.testing.RealTools;
import io.kestrastack.proxy.testing.RenderedEdge;
import io.kestrastack.proxy.testing.ShellWords;
import io.kestrastack.proxy.testing.Violations;
import io.kestrastack.render.RenderedFile;
import io.kestrastack.render.ServiceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class NginxEdgeTest {

    static Stack build(String address, String path, Consumer<NginxEdge.Builder> edit) {
        NginxEdge.Builder b = NginxEdge.builder();
        edit.accept(b);
        return Stack.builder().publicAddress(address).contextPath(path).kestra(k -> k.username("admin@example.com"))
                .edge(b).build();
    }

    static Stack build(String address, Consumer<NginxEdge.Builder> edit) {
        return build(address, "/", edit);
    }

    @Test
    void tls_modes_must_match_the_scheme() {
        Violations.expect(() -> build("http://flows.example.com", b -> b.tls(NginxEdge.Tls.files("./c/a.pem", "./c/k.pem"))),
                "edge.tls", "tls-needs-https-address");
        Violations.expect(() -> build("https://flows.example.com", b -> b.tls(NginxEdge.Tls.none())), "edge.tls",
                "plain-http-needs-http-address");
        Violations.expect(() -> build("http://flows.example.com", b -> b.tls(NginxEdge.Tls.endedInFront())), "edge.tls",
                "tls-in-front-needs-https-address");
        Violations.expect(() -> build("https://localhost", b -> b.tls(NginxEdge.Tls.certbot("ops@example.com"))),
                "edge.tls", "acme-needs-public-name");
        Violations.expect(() -> build("https://flows.example.com", b -> {}), "edge.tls", "required");
    }

    @Test
    void the_image_must_be_a_pinned_nginx_of_at_least_1_22() {
        Violations.expect(() -> build("http://localhost", b -> b.tls(NginxEdge.Tls.none()).image("nginx:1.21.6")),
                "edge.image", "unsupported-image-version");
        Violations.expect(() -> build("http://localhost", b -> b.tls(NginxEdge.Tls.none()).image("nginx:stable")),
                "edge.image", "unknown-image-version");
        build("http://localhost", b -> b.tls(NginxEdge.Tls.none()).image("nginx:1.22.1-alpine"));
    }

    @Test
    void tls_ends_in_nginx_with_a_redirecting_server_on_80_and_http2_on_443() {
        Stack stack = build("https://flows.example.com:8443", "/kestra",
                b -> b.tls(NginxEdge.Tls.files("./certs/full.pem", "./keys/k.pem")));
        ServiceSpec s = stack.edge().orElseThrow().service(stack.edgeContext());
        assertEquals(List.of(ServiceSpec.Port.tcp(80, 80), ServiceSpec.Port.tcp(8443, 443)), s.ports());
        assertEquals(Map.of("kestra", "nginx resolves the Kestra upstream once, when it starts"), s.dependsOnHealthy());
        assertEquals(List.of(ServiceSpec.Mount.bind("./nginx/nginx.conf", "/etc/nginx/nginx.conf", true),
                ServiceSpec.Mount.bind("./certs", "/etc/nginx/certs/certificate", true),
                ServiceSpec.Mount.bind("./keys", "/etc/nginx/certs/key", true)), s.mounts());
        RenderedEdge out = new RenderedEdge(stack);
        List<Directive> servers = out.config().one("http").orElseThrow().all("server");
        assertEquals(2, servers.size());
        assertEquals(List.of("80"), servers.get(0).one("listen").orElseThrow().args());
        assertEquals(List.of("301", "https://flows.example.com:8443$request_uri"),
                servers.get(0).one("location").orElseThrow().one("return").orElseThrow().args());
        assertEquals(List.of("443", "ssl"), servers.get(1).one("listen").orElseThrow().args());
        assertEquals(List.of("on"), servers.get(1).one("http2").orElseThrow().args());
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), servers.get(1).one("ssl_protocols").orElseThrow().args());
        assertEquals("/kestra/", out.kestraLocation().arg());
        assertEquals(List.of("$host:8443"), out.kestraLocation().all("proxy_set_header").stream()
                .filter(h -> h.arg().equals("Host")).map(h -> h.args().get(1)).toList());
        RealTools.Result r = EdgeRuns.nginxTest(stack);
        assertTrue(r.ok(), r.describe());
    }

    @Test
    void tls_ended_in_front_tells_kestra_https_and_keeps_the_fronts_forwarded_for() {
        Stack stack = build("https://flows.example.com", b -> b.tls(NginxEdge.Tls.endedInFront()));
        RenderedEdge out = new RenderedEdge(stack);
        Map<String, String> sent = new java.util.LinkedHashMap<>();
        out.kestraLocation().all("proxy_set_header").forEach(h -> sent.put(h.arg(), h.args().get(1)));
        assertEquals("https", sent.get("X-Forwarded-Proto"));
        assertEquals("$proxy_add_x_forwarded_for", sent.get("X-Forwarded-For"));
        ServiceSpec s = stack.edge().orElseThrow().service(stack.edgeContext());
        assertEquals(List.of(ServiceSpec.Port.tcp(80, 80)), s.ports());
        assertEquals("max-age=31536000", out.responseHeaders().get("Strict-Transport-Security"));
    }

    @Test
    void plain_http_publishes_the_public_port_to_80_on_loopback_for_a_local_stack() {
        Stack stack = build("http://localhost:8080", b -> b.tls(NginxEdge.Tls.none()));
        ServiceSpec s = stack.edge().orElseThrow().service(stack.edgeContext());
        assertEquals(List.of(new ServiceSpec.Port("127.0.0.1", 8080, 80, "tcp")), s.ports());
        RealTools.Result r = EdgeRuns.nginxTest(stack);
        assertTrue(r.ok(), r.describe());
    }

    @Test
    void certbot_gets_a_challenge_location_mounts_and_a_script_that_passes_sh() throws Exception {
        Stack stack = build("https://flows.example.com", b -> b.tls(NginxEdge.Tls.certbot("o'ps@example.com")));
        RenderedEdge out = new RenderedEdge(stack);
        Directive redirect = out.config().one("http").orElseThrow().all("server").get(0);
        Directive challenge = redirect.all("location").stream()
                .filter(l -> l.arg().equals("/.well-known/acme-challenge/")).findFirst().orElseThrow();
        assertEquals(List.of("/var/www/certbot"), challenge.one("root").orElseThrow().args());
        assertEquals(List.of("/etc/nginx/letsencrypt/live/flows.example.com/fullchain.pem"),
                out.kestraServer().one("ssl_certificate").orElseThrow().args());
        ServiceSpec s = stack.edge().orElseThrow().service(stack.edgeContext());
        assertTrue(s.mounts().contains(ServiceSpec.Mount.bind("./certbot/conf", "/etc/nginx/letsencrypt", true)));
        assertTrue(s.mounts().contains(ServiceSpec.Mount.bind("./certbot/www", "/var/www/certbot", true)));
        RenderedFile script = stack.edge().orElseThrow().files(stack.edgeContext()).get(1);
        assertEquals(NginxEdge.CERTBOT_SCRIPT_PATH, script.path());
        assertEquals(0755, script.mode());
        assertEquals("o'ps@example.com", ShellWords.assignment(script.content(), "email"));
        // the real shell: syntax, then the values it reads
        Path dir = RealTools.tempDir("certbot");
        Path file = dir.resolve("certbot.sh");
        Files.writeString(file, script.content());
        RealTools.Result syntax = RealTools.run(List.of(RealTools.require("sh").toString(), "-n", file.toString()),
                Map.of(), dir);
        assertTrue(syntax.ok(), syntax.describe());
        String assignments = script.content().lines().filter(l -> l.matches("(domain|email|image|service)=.*"))
                .reduce("", (a, l) -> a + l + "\n");
        RealTools.Result values = RealTools.run(List.of(RealTools.require("sh").toString(), "-c",
                assignments + "printf '%s\\n' \"$domain\" \"$email\" \"$image\" \"$service\""), Map.of(), dir);
        assertEquals("flows.example.com\no'ps@example.com\ncertbot/certbot:v5.6.0\nnginx\n", values.stdout());
        RealTools.Result r = EdgeRuns.nginxTest(stack);
        assertTrue(r.ok(), r.describe());
    }

    @Test
    void http2_uses_the_directive_from_nginx_1_25_1_and_the_listen_parameter_before() {
        Map<String, Boolean> directive = new java.util.LinkedHashMap<>();
        directive.put("nginx:1.30.5", true);
        directive.put("nginx:1.25.1-alpine", true);
        directive.put("nginx:1.25", true);          // the floating tag of the 1.25 line names its newest release
        directive.put("nginx:1", true);
        directive.put("docker.io/library/nginx:1.27.0", true);
        directive.put("nginx:1.25.0", false);
        directive.put("nginx:1.24.0", false);
        directive.put("nginx:1.22.1-alpine", false);
        directive.put("registry.example.com/nginx:1.30.5", false);   // not the official image: the form every version accepts
        directive.forEach((image, expected) -> {
            Stack stack = build("https://flows.example.com", b -> b.image(image)
                    .tls(NginxEdge.Tls.files("./certs/full.pem", "./certs/k.pem")));
            assertEquals(expected, ((NginxEdge) stack.edge().orElseThrow()).http2Directive(), image);
            Directive server = new RenderedEdge(stack).kestraServer();
            assertEquals(expected ? List.of("443", "ssl") : List.of("443", "ssl", "http2"),
                    server.one("listen").orElseThrow().args(), image);
            assertEquals(expected ? List.of(List.of("on")) : List.of(),
                    server.all("http2").stream().map(Directive::args).toList(), image);
        });
    }

    @Test
    void an_image_older_than_1_25_1_goes_to_the_real_nginx_unchanged() {
        Stack stack = build("https://flows.example.com", b -> b.image("nginx:1.24.0")
                .tls(NginxEdge.Tls.files("./certs/full.pem", "./certs/k.pem")));
        String conf = EdgeRuns.file(stack, NginxEdge.CONF_PATH);
        assertEquals(conf, RealTools.forLocalNginx(conf));
        RealTools.Result r = EdgeRuns.nginxTest(stack);
        assertTrue(r.ok(), r.describe());
    }

    @Test
    void the_real_nginx_1_22_rejects_the_http2_directive_so_the_test_harness_must_rewrite_it() {
        Stack stack = build("https://flows.example.com", b -> b.tls(NginxEdge.Tls.files("./certs/full.pem", "./certs/k.pem")));
        String conf = EdgeRuns.file(stack, NginxEdge.CONF_PATH);
        int[] v = RealTools.nginxVersion();
        if (v[0] == 1 && v[1] < 25) {
            // shows why forLocalNginx exists, and that the sandbox really runs an nginx without the directive
            Map<String, String> files = new java.util.LinkedHashMap<>(EdgeRuns.certificates(stack));
            files.put("/etc/nginx/nginx.conf", conf);
            RealTools.Result raw = RealTools.sandbox(files, EdgeRuns.hostNames(stack),
                    "nginx -t -q -e \"$T/error.log\" -g \"pid $T/nginx.pid;\" -c /etc/nginx/nginx.conf 2>&1", Map.of());
            assertFalse(raw.ok(), raw.describe());
            assertTrue(raw.stdout().contains("unknown directive \"http2\""), raw.describe());
        }
        assertTrue(conf.contains("\n        http2 on;\n"), conf);
        RealTools.Result r = EdgeRuns.nginxTest(stack);
        assertTrue(r.ok(), r.describe());
        if (v[0] == 1 && v[1] < 25) {
            // our reader refuses a configuration that mixes both forms instead of passing it on
            String mixed = conf.replace("listen 443 ssl;", "listen 443 ssl http2;");
            org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> RealTools.forLocalNginx(mixed));
        }
    }

    @Test
    void certbot_without_an_email_registers_unsafely_without_email_and_the_script_says_so() throws Exception {
        Stack stack = build("https://flows.example.com", b -> b.tls(NginxEdge.Tls.certbot()));
        String script = stack.edge().orElseThrow().files(stack.edgeContext()).get(1).content();
        String obtain = script.lines().filter(l -> l.contains(" certonly ")).findFirst().orElseThrow();
        List<String> words = List.of(obtain.strip().split(" +"));
        assertTrue(words.contains("--register-unsafely-without-email"), obtain);
        assertFalse(words.contains("--email") || words.contains("--no-eff-email"), obtain);
        assertFalse(script.lines().anyMatch(l -> l.startsWith("email=")), script);
        assertTrue(script.lines().anyMatch(l -> l.startsWith("#") && l.contains("registered without one")), script);
        Path dir = RealTools.tempDir("certbot");
        Path file = dir.resolve("certbot.sh");
        Files.writeString(file, script);
        RealTools.Result syntax = RealTools.run(List.of(RealTools.require("sh").toString(), "-n", file.toString()),
                Map.of(), dir);
        assertTrue(syntax.ok(), syntax.describe());
        String withEmail = build("https://flows.example.com", b -> b.tls(NginxEdge.Tls.certbot("ops@example.com")))
                .edge().orElseThrow().files(stack.edgeContext()).get(1).content();
        assertFalse(withEmail.contains("--register-unsafely-without-email"), withEmail);
    }

    @Test
    void with_certbot_the_certificate_is_obtained_before_the_first_start_and_verify_md_says_so_first() {
        Stack stack = build("https://flows.example.com", b -> b.tls(NginxEdge.Tls.certbot("ops@example.com")));
        assertEquals(List.of("sh nginx/certbot.sh"), stack.edge().orElseThrow().beforeFirstStart(stack.edgeContext()));
        String verify = io.kestrastack.bundle.StackBundle.of(stack).content("VERIFY.md");
        int certbot = verify.indexOf("sh nginx/certbot.sh");
        assertTrue(certbot > 0 && certbot < verify.indexOf("1. Every service is up"), verify);

        Stack files = build("https://flows.example.com", b -> b.tls(NginxEdge.Tls.files("/etc/ssl/a.pem", "/etc/ssl/a.key")));
        assertEquals(List.of(), files.edge().orElseThrow().beforeFirstStart(files.edgeContext()));
        assertFalse(io.kestrastack.bundle.StackBundle.of(files).content("VERIFY.md").contains("certbot"));
    }

    @Test
    void header_values_with_dollars_and_braces_survive_nginx() {
        Stack stack = build("http://localhost", b -> b.tls(NginxEdge.Tls.none())
                .proxy(p -> p.putResponseHeader("X-Price", "${cost} is $5; {ok}")));
        RenderedEdge out = new RenderedEdge(stack);
        assertEquals("${cost} is $5; {ok}", out.responseHeaders().get("X-Price"));
        assertTrue(out.config().one("http").orElseThrow().one("geo").isPresent());
        RealTools.Result r = EdgeRuns.nginxTest(stack);
        assertTrue(r.ok(), r.describe());
    }

    @Test
    void an_allow_list_denies_everyone_else_on_the_kestra_server() {
        Stack stack = build("https://flows.example.com", b -> b.tls(NginxEdge.Tls.files("./c/a.pem", "./c/k.pem"))
                .proxy(p -> p.addAllowedNetwork("10.0.0.0/8").addAllowedNetwork("::1")));
        RenderedEdge out = new RenderedEdge(stack);
        assertEquals(List.of("10.0.0.0/8", "::1"), out.allowedNetworks());
        assertEquals(List.of("all"), out.kestraServer().one("deny").orElseThrow().args());
        RealTools.Result r = EdgeRuns.nginxTest(stack);
        assertTrue(r.ok(), r.describe());
    }
}
