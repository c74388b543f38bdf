package io.kestrastack.flowcheck;

import io.kestrastack.KestraLine;
import io.kestrastack.Stack;
import io.kestrastack.bundle.Operations;
import io.kestrastack.bundle.StackBundle;
import io.kestrastack.proxy.CaddyEdge;
import io.kestrastack.proxy.NginxEdge;
import io.kestrastack.render.RenderedFile;
import io.kestrastack.testing.Examples;
import java.util.List;
import java.util.function.Supplier;

/**
 * A stack rendered through the public API, with the Kestra line it targets. The flows of its bundle are
 * what Kestra's validator checks.
 *
 * @param name what the scenario shows
 * @param line the Kestra line of the stack (its image tag)
 * @param bundle renders the bundle
 */
record Scenario(String name, KestraLine line, Supplier<StackBundle> bundle) {

    /** The newest 1.x image the library is tested with; io.kestra:core 1.3.31 validates it (see the 1x pom). */
    static final String V1_IMAGE = "kestra/kestra:v1.3.31";

    /** Every scenario, both lines. */
    static List<Scenario> all() {
        return List.of(
                new Scenario("default Caddy on localhost", KestraLine.V2, () -> StackBundle.of(
                        Examples.singleHost().publicAddress("https://localhost")
                                .edge(CaddyEdge.builder().tls(CaddyEdge.Tls.internal())).build())),
                new Scenario("nginx under /kestra", KestraLine.V2, () -> StackBundle.of(
                        Examples.singleHost().publicAddress("https://flows.example.com").contextPath("/kestra")
                                .edge(NginxEdge.builder().tls(NginxEdge.Tls.files("./certs/fullchain.pem", "./certs/privkey.pem")))
                                .build())),
                new Scenario("Caddy with ACME on a public name (smoke test goes through the edge)", KestraLine.V2,
                        () -> StackBundle.of(Examples.singleHost().publicAddress("https://flows.example.com")
                                .edge(CaddyEdge.builder().tls(CaddyEdge.Tls.acme("ops@example.com"))).build())),
                new Scenario("no edge", KestraLine.V2, () -> StackBundle.of(Examples.singleHost().build())),
                new Scenario("custom smoke test", KestraLine.V2, () -> StackBundle.of(Examples.singleHost().build(),
                        Operations.builder()
                                .smokeTest(new Operations.SmokeTest("company.ops", "https://status.example.com/health?x=1", "7 3 * * 1-5"))
                                .build())),
                new Scenario("1.x line, no edge", KestraLine.V1, () -> StackBundle.of(
                        Examples.singleHost().kestra(k -> k.image(V1_IMAGE)).build())),
                new Scenario("1.x line, Caddy under /kestra", KestraLine.V1, () -> StackBundle.of(
                        Examples.singleHost().kestra(k -> k.image(V1_IMAGE)).publicAddress("https://localhost")
                                .contextPath("/kestra").edge(CaddyEdge.builder().tls(CaddyEdge.Tls.internal())).build())),
                new Scenario("1.x line, custom smoke test", KestraLine.V1, () -> StackBundle.of(
                        Examples.singleHost().kestra(k -> k.image(V1_IMAGE)).build(),
                        Operations.builder()
                                .smokeTest(new Operations.SmokeTest("company.ops", "http://kestra:8080/ping", "0 */2 * * *"))
                                .build())));
    }

    /** The bundle's flow files: everything under {@code flows/}. */
    List<RenderedFile> flows() {
        return bundle.get().files().stream().filter(f -> f.path().startsWith("flows/")).toList();
    }

    @Override
    public String toString() {
        return name;
    }
}
