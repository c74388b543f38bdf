package io.kestrastack.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.ContextPath;
import io.kestrastack.Stack;
import io.kestrastack.StackConfigException;
import io.kestrastack.Violation;
import io.kestrastack.internal.ComposeText;
import io.kestrastack.proxy.internal.EdgeChecks;
import io.kestrastack.proxy.testing.RenderedEdge;
import io.kestrastack.proxy.testing.Scenario;
import io.kestrastack.proxy.testing.ShellWords;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Every string field of the model, fed adversarial text: the stack either refuses it with a violation at
 * that field, or renders it so that the parser of the target syntax reads back exactly the value given, and
 * the configuration has no more directives than with a harmless value.
 */
class AdversarialStringsTest {

    /** Text that breaks naive renderers: separators, quotes, braces, variables, comments, line breaks. */
    static final List<String> FRAGMENTS = List.of("a", "Z", "0", "-", ".", "/", "..", "\n", "\r", "\t", " ", ";", "{",
            "}", "#", "\"", "'", "`", "\\", "$", "${x}", "{$HOME}", "$host", "*", "@", ":", "%", "~", "\u0000",
            "\u2028", "\u00e9", "include", "}\nserver {", "\" ;", "=", ",", "example.com", "ops@example.com",
            "10.0.0.0/8", "::1", "/kestra", "\\\"", "deny all;", "respond 200", "defer");

    /** A field of the model, how to set it, where its violations go and how to read it back. */
    enum Field {
        HEADER_VALUE("edge.proxy.responseHeaders", (s, v) -> s.withHeader("X-Adversarial", v), "v"),
        HEADER_NAME("edge.proxy.responseHeaders", (s, v) -> s.withHeader(v, "v"), "X-Harmless"),
        NETWORK("edge.proxy.allowedNetworks", Scenario::withNetwork, "10.9.0.0/16"),
        CONTEXT_PATH("contextPath", Scenario::withContextPath, "/x"),
        HOST("publicAddress", Scenario::withHost, "a.example.com"),
        EMAIL("edge.tls.email", (s, v) -> s.withTls(s.kind() == Scenario.Kind.CADDY ? Scenario.TlsMode.ACME
                : Scenario.TlsMode.CERTBOT).withEmail(v), "x@example.com"),
        CERTIFICATE("edge.tls.certificate", (s, v) -> s.withTls(Scenario.TlsMode.FILES).withCertificate(v),
                "./certs/x.pem"),
        EDGE_SERVICE("edge.serviceName", Scenario::withEdgeService, "harmless");

        final String path;
        final BiFunction<Scenario, String, Scenario> set;
        final String harmless;

        Field(String path, BiFunction<Scenario, String, Scenario> set, String harmless) {
            this.path = path;
            this.set = set;
            this.harmless = harmless;
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Scenario.valid();
    }

    @Provide
    Arbitrary<String> adversarial() {
        return Arbitraries.oneOf(
                Arbitraries.of(FRAGMENTS).list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("", l)),
                Arbitraries.strings().ascii().ofMinLength(0).ofMaxLength(24),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(8));
    }

    @Property(tries = 600, edgeCases = EdgeCasesMode.MIXIN)
    void adversarial_strings_give_a_violation_at_their_field_or_round_trip_exactly(@ForAll("scenarios") Scenario base,
            @ForAll Field field, @ForAll("adversarial") String value) {
        Scenario scenario = field.set.apply(base, value);
        Stack stack;
        try {
            stack = scenario.stack();
        } catch (StackConfigException e) {
            List<String> allowed = field == Field.HOST ? List.of("publicAddress", "edge.tls", "edge.ports")
                    : List.of(field.path);
            for (Violation v : e.violations()) {
                assertTrue(allowed.stream().anyMatch(a -> v.path().equals(a) || v.path().startsWith(a + ".")
                        || v.path().startsWith(a + "[")), "violation outside " + allowed + ": " + v);
            }
            Statistics.label("outcome").collect("violation");
            return;
        }
        RenderedEdge out = new RenderedEdge(stack);
        switch (field) {
            case HEADER_VALUE -> assertEquals(value, out.responseHeaders().get("X-Adversarial"));
            case HEADER_NAME -> assertEquals("v", out.responseHeaders().get(value));
            case NETWORK -> assertEquals(value.toLowerCase(Locale.ROOT),
                    out.allowedNetworks().get(out.allowedNetworks().size() - 1));
            case CONTEXT_PATH -> {
                assertEquals(ContextPath.parse(value).value(), out.edgePath());
                assertEquals(out.edgePath(), out.micronautContextPath());
            }
            case HOST -> {
                assertEquals(List.of(stack.address().host()), out.edgeHosts());
                assertEquals(stack.address().host(), out.kestraUrl().getHost());
            }
            case EMAIL -> {
                if (out.caddy()) {
                    assertEquals(List.of(value), out.globalOptions().orElseThrow().one("email").orElseThrow().args());
                } else {
                    assertEquals(value, ShellWords.assignment(out.file(NginxEdge.CERTBOT_SCRIPT_PATH), "email"));
                }
            }
            case CERTIFICATE -> {
                String edgeService = stack.edge().orElseThrow().serviceName();
                @SuppressWarnings("unchecked")
                List<String> volumes = ((List<String>) out.service(edgeService).get("volumes")).stream()
                        .map(ComposeText::unescape).toList();
                assertTrue(volumes.stream().anyMatch(v -> v.startsWith(EdgeChecks.parent(value) + ":")),
                        "no mount of " + EdgeChecks.parent(value) + " in " + volumes);
                String configured = out.caddy() ? out.site().one("tls").orElseThrow().arg()
                        : out.kestraServer().one("ssl_certificate").orElseThrow().arg();
                assertTrue(configured.endsWith("/" + EdgeChecks.fileName(value)), configured);
            }
            case EDGE_SERVICE -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> services = (Map<String, Object>) out.compose().get("services");
                assertTrue(services.containsKey(value), services.keySet().toString());
            }
            default -> throw new IllegalStateException();
        }
        if (field != Field.EDGE_SERVICE) {
            String harmless = field == Field.CONTEXT_PATH && ContextPath.parse(value).isRoot() ? "/"
                    // nginx defines the dollar variable once when any header value has a '$'
                    : field == Field.HEADER_VALUE && value.contains("$") ? "$" : field.harmless;
            Stack reference = field.set.apply(base, harmless).stack();
            assertEquals(new RenderedEdge(reference).config().size(), out.config().size(),
                    "the value changed the number of directives");
        }
        Statistics.label("outcome").collect("rendered");
        Statistics.label("field").collect(field);
    }

    @Property(tries = 50)
    void a_refused_value_never_reaches_a_rendered_file(@ForAll("scenarios") Scenario base) {
        Scenario scenario = base.withHeader("X-Evil", "a\nb {");
        try {
            scenario.stack();
        } catch (StackConfigException e) {
            assertFalse(e.violations().isEmpty());
            assertTrue(e.violations().stream().anyMatch(v -> v.path().equals("edge.proxy.responseHeaders.X-Evil")),
                    e.violations().toString());
            return;
        }
        throw new AssertionError("a header value with a line break was accepted");
    }
}
