package io.kestrastack.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.Stack;
import io.kestrastack.proxy.testing.CaddyJson;
import io.kestrastack.proxy.testing.EdgeRuns;
import io.kestrastack.proxy.testing.RealTools;
import io.kestrastack.proxy.testing.Scenario;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A sample of generated stacks through Debian's nginx and Caddy. */
class SampledStacksRealToolsTest {

    @Provide
    Arbitrary<Scenario> nginxScenarios() {
        return Scenario.valid().filter(s -> s.kind() == Scenario.Kind.NGINX);
    }

    @Provide
    Arbitrary<Scenario> caddyScenarios() {
        return Scenario.valid().filter(s -> s.kind() == Scenario.Kind.CADDY);
    }

    @Property(tries = 15, edgeCases = EdgeCasesMode.NONE)
    void nginx_accepts_every_sampled_configuration(@ForAll("nginxScenarios") Scenario scenario) {
        RealTools.Result r = EdgeRuns.nginxTest(scenario.stack());
        assertTrue(r.ok(), scenario + "\n" + r.describe());
    }

    @Property(tries = 15, edgeCases = EdgeCasesMode.NONE)
    void caddy_accepts_every_sampled_caddyfile_and_reads_it_as_the_model_says(
            @ForAll("caddyScenarios") Scenario scenario) {
        Stack stack = scenario.stack();
        RealTools.Result r = EdgeRuns.caddyValidate(stack);
        assertTrue(r.ok(), scenario + "\n" + r.describe());
        CaddyJson json = new CaddyJson(EdgeRuns.caddyAdapt(stack));
        assertEquals(List.of(scenario.kestraService() + ":8080"), json.upstreams());
        assertEquals(List.of(stack.address().host()), json.hosts());
        assertEquals(List.of(scenario.contextPath() + "*"),
                json.kestraPaths());
        assertEquals(scenario.proxy().readSeconds() * 1_000_000_000L, json.reverseProxy().get("transport", "read_timeout"));
        assertEquals(scenario.proxy().maxBody() * 1024 * 1024, json.maxBodySize());
        if (scenario.proxy().compression()) {
            assertFalse(json.encodeMatches("text/event-stream"));
            assertTrue(json.encodeMatches("application/json"));
        } else {
            assertTrue(json.handlers("encode").isEmpty());
        }
        json.responseHeaders().forEach((name, values) -> assertEquals(1, values.size(), name));
    }
}
