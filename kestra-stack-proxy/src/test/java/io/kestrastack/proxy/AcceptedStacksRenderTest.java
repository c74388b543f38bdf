package io.kestrastack.proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kestrastack.Stack;
import io.kestrastack.StackConfigException;
import io.kestrastack.bundle.StackBundle;
import io.kestrastack.proxy.testing.Scenario;
import io.kestrastack.testing.StackArbitraries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever {@code build()} accepts renders without an exception (issue 10 item 7): scenarios of both edges
 * and core's stacks with an edge, pushed towards the limits the renderers have (context paths and
 * certificate paths longer than nginx reads as one argument).
 */
class AcceptedStacksRenderTest {

    @Provide
    Arbitrary<String> longPaths() {
        Arbitrary<String> segment = Arbitraries.strings().withChars("abcdefghij0123456789_-").ofMinLength(1).ofMaxLength(12);
        // lengths spread evenly up to 6000 characters, around nginx's 4096-byte argument limit
        return Combinators.combine(segment, Arbitraries.integers().between(1, 500)).as((seg, n) ->
                String.join("/", java.util.Collections.nCopies(n, seg)));
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Combinators.combine(Scenario.valid(), longPaths(), longPaths(), Arbitraries.integers().between(0, 3))
                .as((s, path, file, what) -> switch (what) {
                    case 0 -> s.withContextPath("/" + path);
                    case 1 -> s.withTls(Scenario.TlsMode.FILES).withCertificate("./certs/" + file.replace("/", "") + ".pem");
                    case 2 -> {
                        Scenario f = s.withTls(Scenario.TlsMode.FILES);
                        yield new Scenario(f.kind(), f.tls(), f.host(), f.port(), f.contextPath(), f.kestraService(),
                                f.proxy(), f.email(), f.certificate(), "/" + file + "/key.pem", f.edgeService());
                    }
                    default -> s;
                });
    }

    @Property(tries = 150)
    void whatever_build_accepts_renders_without_an_exception(@ForAll("scenarios") Scenario scenario) {
        Stack stack;
        try {
            stack = scenario.stack();
        } catch (StackConfigException e) {
            Statistics.label("outcome").collect("refused by build()");
            return;
        }
        Statistics.label("outcome").collect("built");
        StackBundle bundle = StackBundle.of(stack);
        assertFalse(bundle.files().isEmpty());
    }

    @Property(tries = 100)
    void core_stacks_with_either_edge_render(@ForAll("coreStacks") Stack stack) {
        assertFalse(StackBundle.of(stack).files().isEmpty());
    }

    @Provide
    Arbitrary<Stack> coreStacks() {
        return Combinators.combine(StackArbitraries.stacks(), Arbitraries.of(true, false)).as((stack, nginx) -> {
            try {
                return stack.toBuilder().publicAddress("https://flows.example.com")
                        .edge(nginx ? NginxEdge.builder().tls(NginxEdge.Tls.endedInFront()) : CaddyEdge.builder()).build();
            } catch (StackConfigException e) {
                return stack;
            }
        });
    }
}
