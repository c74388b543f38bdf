package io.kestrastack.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kestrastack.Edge;
import io.kestrastack.Stack;
import io.kestrastack.StackConfigException;
import io.kestrastack.proxy.CaddyEdge;
import io.kestrastack.proxy.NginxEdge;
import io.kestrastack.testing.StackArbitraries;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Bundles with a Caddy or nginx edge lint clean too: the Caddyfile and nginx rules (buffering, caching,
 * encode, handle_path, HSTS, context path) hold for everything the proxy module renders.
 */
class RenderedEdgeBundlesLintCleanTest {

    @Provide
    Arbitrary<Stack> stacksWithEdges() {
        Arbitrary<Edge.Builder> caddy = Combinators.combine(
                Arbitraries.of(CaddyEdge.Tls.internal(), CaddyEdge.Tls.none(), CaddyEdge.Tls.acme("ops@example.com"),
                        CaddyEdge.Tls.files("./certs/fullchain.pem", "./certs/privkey.pem")),
                Arbitraries.of(true, false))
                .as((tls, compression) -> CaddyEdge.builder().tls(tls).proxy(p -> p.compression(compression)));
        Arbitrary<Edge.Builder> nginx = Combinators.combine(
                Arbitraries.of(NginxEdge.Tls.files("./certs/fullchain.pem", "./certs/privkey.pem"), NginxEdge.Tls.none(),
                        NginxEdge.Tls.endedInFront(), NginxEdge.Tls.certbot("ops@example.com")),
                Arbitraries.of(true, false))
                .as((tls, compression) -> NginxEdge.builder().tls(tls).proxy(p -> p.compression(compression)));
        return Combinators.combine(StackArbitraries.stacks(), Arbitraries.oneOf(caddy, nginx))
                .as((stack, edge) -> {
                    try {
                        return stack.toBuilder().edge(edge).build();
                    } catch (StackConfigException e) {
                        return null;
                    }
                })
                .filter(s -> s != null);
    }

    @Property(tries = 200)
    void every_bundle_with_an_edge_lints_clean(@ForAll("stacksWithEdges") Stack stack) {
        List<Finding> findings = StackLint.lint(RenderedBundlesLintCleanTest.bundle(stack));
        assertEquals("", Findings.toText(findings), () -> "for " + stack);
        String kind = stack.edge().orElseThrow().kind();
        Statistics.label("edge").collect(kind);
        Statistics.label("edge").coverage(c -> {
            c.check("caddy").percentage(p -> p > 20);
            c.check("nginx").percentage(p -> p > 20);
        });
    }
}
