package io.kestrastack.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.Stack;
import io.kestrastack.proxy.testing.EdgeRuns;
import io.kestrastack.proxy.testing.RealTools;
import io.kestrastack.proxy.testing.Scenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * Every rendered Caddyfile is already in the canonical layout: the real {@code caddy fmt} (Debian's 2.6.2)
 * prints it back byte for byte. Caddy logs "Caddyfile input is not formatted" at every start otherwise.
 * Cost: one {@code caddy fmt} process per file (about 25 ms), 120 sampled stacks.
 */
class CaddyFmtTest {

    /** What the real {@code caddy fmt} prints for {@code caddyfile}. */
    static String caddyFmt(String caddyfile) {
        Path dir = RealTools.tempDir("caddy-fmt");
        try {
            Path file = dir.resolve("Caddyfile");
            Files.writeString(file, caddyfile, StandardCharsets.UTF_8);
            RealTools.Result r = RealTools.run(List.of(RealTools.require("caddy").toString(), "fmt", file.toString()),
                    Map.of("HOME", dir.toString()), dir);
            assertTrue(r.ok(), r.describe());
            return r.stdout();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void the_golden_caddyfile_is_what_caddy_fmt_prints() throws IOException {
        String golden = GoldenFilesTest.golden("caddy-production", CaddyEdge.CADDYFILE_PATH);
        assertEquals(golden, caddyFmt(golden));
    }

    @Test
    void caddy_fmt_is_not_the_identity_on_a_blank_line_before_the_global_options() {
        // guards the guard: the layout caddy fmt rejects is the one this renderer once produced
        String golden = GoldenFilesTest.rendered("caddy-production", CaddyEdge.CADDYFILE_PATH);
        String loose = golden.replaceFirst("\n\\{\n", "\n\n{\n");
        assertTrue(!loose.equals(golden) && !caddyFmt(loose).equals(loose));
    }

    @Provide
    Arbitrary<Scenario> caddyScenarios() {
        return Scenario.valid().filter(s -> s.kind() == Scenario.Kind.CADDY);
    }

    @Property(tries = 120, edgeCases = EdgeCasesMode.MIXIN)
    void every_rendered_caddyfile_is_what_caddy_fmt_prints(@ForAll("caddyScenarios") Scenario scenario) {
        Stack stack = scenario.stack();
        String caddyfile = EdgeRuns.file(stack, CaddyEdge.CADDYFILE_PATH);
        assertEquals(caddyfile, caddyFmt(caddyfile), scenario.toString());
        Statistics.label("tls").collect(scenario.tls());
        Statistics.label("global options").collect(caddyfile.contains("\n{\n"));
        Statistics.label("extra headers").collect(!scenario.proxy().headers().isEmpty());
    }
}
