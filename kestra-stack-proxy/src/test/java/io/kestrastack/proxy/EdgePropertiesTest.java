package io.kestrastack.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.Stack;
import io.kestrastack.proxy.testing.CaddyFacts;
import io.kestrastack.proxy.testing.Directive;
import io.kestrastack.proxy.testing.RenderedEdge;
import io.kestrastack.proxy.testing.Scenario;
import io.kestrastack.render.RenderedFile;
import io.kestrastack.render.StackRenderer;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Invariants of every generated stack, checked on the parsed output (Caddyfile and nginx parsers that read
 * tokens as the real tools do, YAML for Compose and the Kestra configuration).
 */
class EdgePropertiesTest {

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Scenario.valid();
    }

    @Provide
    Arbitrary<Scenario> nginxScenarios() {
        return Scenario.valid().filter(s -> s.kind() == Scenario.Kind.NGINX);
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void the_nginx_location_serving_kestra_never_buffers_or_caches(@ForAll("nginxScenarios") Scenario scenario) {
        Stack stack = scenario.stack();
        RenderedEdge out = new RenderedEdge(stack);
        Directive location = out.kestraLocation();
        assertEquals(List.of("off"), location.one("proxy_buffering").orElseThrow().args());
        assertEquals(List.of("off"), location.one("proxy_cache").orElseThrow().args());
        assertEquals(List.of("1.1"), location.one("proxy_http_version").orElseThrow().args());
        long read = seconds(location.one("proxy_read_timeout").orElseThrow().arg());
        assertTrue(read >= ProxySettings.MIN_READ_TIMEOUT.toSeconds(), "read timeout " + read);
        assertEquals(scenario.proxy().readSeconds(), read);
        assertEquals(scenario.proxy().sendSeconds(), seconds(location.one("proxy_send_timeout").orElseThrow().arg()));
        Map<String, String> sent = new java.util.LinkedHashMap<>();
        for (Directive h : location.all("proxy_set_header")) {
            sent.put(h.args().get(0), h.args().get(1));
        }
        assertEquals(List.of("Host", "X-Real-IP", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Upgrade",
                "Connection"), List.copyOf(sent.keySet()));
        assertEquals(stack.address().scheme().text(), sent.get("X-Forwarded-Proto"));
        assertEquals("$connection_upgrade", sent.get("Connection"));
        String expectedHost = stack.address().defaultPort() ? "$host" : "$host:" + stack.address().port();
        assertEquals(expectedHost, sent.get("Host"));
        assertEquals(expectedHost, sent.get("X-Forwarded-Host"));
        Directive http = out.config().one("http").orElseThrow();
        Directive map = http.one("map").orElseThrow();
        assertEquals(List.of("$http_upgrade", "$connection_upgrade"), map.args());
        assertEquals(List.of(scenario.proxy().maxBody() + "m"),
                out.kestraServer().one("client_max_body_size").orElseThrow().args());
        // nothing anywhere turns buffering or caching back on
        assertTrue(out.config().find(d -> d.name().equals("proxy_buffering") || d.name().equals("proxy_cache"))
                .stream().allMatch(d -> d.args().equals(List.of("off"))));
        Statistics.label("tls").collect(scenario.tls());
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void edge_path_micronaut_context_path_and_kestra_url_path_agree(@ForAll("scenarios") Scenario scenario) {
        Stack stack = scenario.stack();
        RenderedEdge out = new RenderedEdge(stack);
        String urlPath = out.kestraUrl().getPath();
        assertTrue(urlPath.endsWith("/"), "kestra.url must end with /: " + urlPath);
        String fromUrl = urlPath.equals("/") ? "/" : urlPath.substring(0, urlPath.length() - 1);
        assertEquals(fromUrl, out.micronautContextPath());
        assertEquals(fromUrl, out.edgePath());
        assertEquals(scenario.contextPath(), fromUrl);
        assertEquals(List.of(out.kestraUrl().getHost()), out.edgeHosts());
        assertEquals(scenario.kestraService() + ":8080", out.upstream());
        Statistics.label("edge").collect(scenario.kind())
                .coverage(c -> {
                    c.check(Scenario.Kind.CADDY).percentage(p -> p > 25);
                    c.check(Scenario.Kind.NGINX).percentage(p -> p > 25);
                });
        Statistics.label("root").collect(scenario.contextPath().equals("/"));
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void compression_never_covers_event_streams(@ForAll("scenarios") Scenario scenario) {
        RenderedEdge out = new RenderedEdge(scenario.stack());
        if (out.caddy()) {
            Directive site = out.site();
            for (Directive encode : site.all("encode")) {
                assertEquals("@compressible", encode.arg(), "encode must be limited by the path matcher");
                Directive matcher = site.all("@compressible").stream().findFirst().orElseThrow();
                assertEquals(List.of("not", "path", "*/follow", "*/follow-dependencies"), matcher.args());
                List<Directive> match = encode.all("match");
                assertEquals(1, match.size(), "encode needs its own match block, Caddy's default covers text/*");
                List<String> patterns = match.get(0).children().stream().map(h -> {
                    assertEquals("header", h.name());
                    assertEquals("Content-Type", h.args().get(0));
                    return h.args().get(1);
                }).toList();
                assertFalse(patterns.isEmpty());
                for (String p : patterns) {
                    assertFalse(CaddyFacts.headerValueMatches(p, "text/event-stream"), p);
                    assertFalse(CaddyFacts.headerValueMatches(p, "text/event-stream; charset=utf-8"), p);
                }
            }
            assertEquals(scenario.proxy().compression(), !site.all("encode").isEmpty());
        } else {
            Directive http = out.config().one("http").orElseThrow();
            boolean gzip = http.find(d -> d.name().equals("gzip")).stream().anyMatch(d -> d.arg().equals("on"));
            assertEquals(scenario.proxy().compression(), gzip);
            for (Directive types : http.find(d -> d.name().equals("gzip_types"))) {
                assertFalse(types.args().contains("text/event-stream"));
                assertFalse(types.args().contains("*"));
            }
        }
        Statistics.label("compression").collect(scenario.proxy().compression());
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void response_headers_reach_the_config_exactly_once_and_unchanged(@ForAll("scenarios") Scenario scenario) {
        Stack stack = scenario.stack();
        RenderedEdge out = new RenderedEdge(stack);
        ProxySettings proxy = ((stack.edge().orElseThrow() instanceof CaddyEdge c) ? c.proxy()
                : ((NginxEdge) stack.edge().orElseThrow()).proxy());
        assertEquals(proxy.headersFor(stack.address()), out.responseHeaders());
        assertEquals(scenario.proxy().networks(), out.allowedNetworks());
        Statistics.label("headers").collect(scenario.proxy().headers().size());
    }

    @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
    void rendering_is_deterministic_and_survives_to_builder(@ForAll("scenarios") Scenario scenario) {
        Stack stack = scenario.stack();
        List<RenderedFile> first = StackRenderer.render(stack);
        assertEquals(first, StackRenderer.render(stack));
        assertEquals(first, StackRenderer.render(stack.toBuilder().build()));
        Stack rebuilt = stack.toBuilder().edge(stack.edge().orElseThrow() instanceof CaddyEdge c ? c.toBuilder()
                : ((NginxEdge) stack.edge().orElseThrow()).toBuilder()).build();
        assertEquals(first, StackRenderer.render(rebuilt));
    }

    private static long seconds(String value) {
        assertTrue(value.matches("[0-9]+s"), value);
        return Long.parseLong(value.substring(0, value.length() - 1));
    }
}
