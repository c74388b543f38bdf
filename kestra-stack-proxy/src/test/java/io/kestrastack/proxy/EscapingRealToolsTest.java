package io.kestrastack.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.internal.Yaml;
import io.kestrastack.proxy.internal.CaddyText;
import io.kestrastack.proxy.internal.NginxText;
import io.kestrastack.proxy.testing.CaddyJson;
import io.kestrastack.proxy.testing.CaddyfileParser;
import io.kestrastack.proxy.testing.Directive;
import io.kestrastack.proxy.testing.NginxConfParser;
import io.kestrastack.proxy.testing.RealTools;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The escapers against the real parsers, in batches: many header values in one Caddyfile read back by
 * {@code caddy adapt}, and many in one nginx configuration read back from a running nginx's responses. The
 * test parsers must agree with the real tools too, or the property tests built on them prove nothing.
 */
class EscapingRealToolsTest {

    @Provide
    Arbitrary<List<String>> headerValueBatches() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("a", "\"", "\\", "`", "'", "$", ";", "#", " ", "${x}", "/", "*", "@", "x y", "\\\"",
                        "$host", "%", "--", "'self'", "=").list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("", l)),
                Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(40))
                .map(String::strip).filter(s -> !s.isEmpty());
        return value.list().ofMinSize(30).ofMaxSize(40);
    }

    @Property(tries = 3)
    void caddy_reads_every_accepted_header_value_exactly_as_written(@ForAll("headerValueBatches") List<String> values) {
        Map<String, String> expected = new LinkedHashMap<>();
        StringBuilder caddyfile = new StringBuilder("http://localhost:8080 {\n\theader {\n");
        int i = 0;
        for (String v : values) {
            if (CaddyText.problem(v) != null) {
                continue;
            }
            String name = "X-T" + i++;
            expected.put(name, v);
            caddyfile.append("\t\t").append(name).append(' ').append(CaddyText.token(v)).append('\n');
        }
        caddyfile.append("\t}\n\trespond 204\n}\n");
        RealTools.Result r = RealTools.caddyAdapt(caddyfile.toString(), Map.of());
        assertTrue(r.ok(), r.describe());
        @SuppressWarnings("unchecked")
        CaddyJson json = new CaddyJson((Map<String, Object>) Yaml.load(r.stdout()));
        Map<String, String> real = new LinkedHashMap<>();
        json.responseHeaders().forEach((k, v) -> real.put(k, v.get(0)));
        assertEquals(expected, real, "caddy adapt");
        Map<String, String> ours = new LinkedHashMap<>();
        Directive header = CaddyfileParser.parse(caddyfile.toString()).children().get(0).one("header").orElseThrow();
        header.children().forEach(d -> ours.put(d.name(), d.arg()));
        assertEquals(expected, ours, "the test parser disagrees with Caddy");
    }

    @Property(tries = 2)
    void nginx_sends_every_accepted_header_value_exactly_as_written(@ForAll("headerValueBatches") List<String> values) {
        Map<String, String> expected = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        int i = 0;
        for (String v : values) {
            if (NginxText.interpolatedProblem(v) != null) {
                continue;
            }
            String name = "X-T" + i++;
            expected.put(name.toLowerCase(Locale.ROOT), v);
            lines.add("        add_header " + name + " " + NginxText.interpolated(v) + " always;");
        }
        String conf = "events {\n}\nhttp {\n    access_log off;\n    geo $" + NginxText.DOLLAR_VARIABLE
                + " {\n        default \"$\";\n    }\n    server {\n        listen 80;\n" + String.join("\n", lines)
                + "\n        location / {\n            return 204;\n        }\n    }\n}\n";
        RealTools.require("curl");
        RealTools.Result r = RealTools.sandbox(Map.of("/etc/nginx/nginx.conf", conf), Set.of(),
                "nginx -e \"$T/error.log\" -g \"pid $T/nginx.pid;\" -c /etc/nginx/nginx.conf || exit 96\n"
                        + "for i in $(seq 1 50); do curl -s -o /dev/null http://127.0.0.1/ && break; sleep 0.1; done\n"
                        + "curl -s -D - -o /dev/null http://127.0.0.1/\nstatus=$?\nkill $(cat \"$T/nginx.pid\")\n"
                        + "exit $status", Map.of());
        assertTrue(r.ok(), r.describe());
        Map<String, String> real = new LinkedHashMap<>();
        for (String line : r.stdout().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("x-t")) {
                int colon = line.indexOf(": ");
                real.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 2));
            }
        }
        assertEquals(expected, real, "nginx");
        Map<String, String> ours = new LinkedHashMap<>();
        Directive server = NginxConfParser.parse(conf).one("http").orElseThrow().one("server").orElseThrow();
        server.all("add_header").forEach(d -> ours.put(d.arg().toLowerCase(Locale.ROOT),
                d.args().get(1).replace("${" + NginxText.DOLLAR_VARIABLE + "}", "$")));
        assertEquals(expected, ours, "the test parser disagrees with nginx");
    }
}
