package io.kestrastack.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.bundle.BundleCheck;
import io.kestrastack.lint.Findings;
import io.kestrastack.lint.StackLint;
import io.kestrastack.proxy.testing.RealTools;
import io.kestrastack.testing.ComposeCli;
import io.kestrastack.testing.Dclint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a bundle directory as it lies on disk with every judge we have: docker-compose 1.29's parser,
 * dclint, {@code nginx -t} or {@code caddy validate}, our own linter and the bundle check. Works on
 * directories written by the library or by the command line, so it needs no model.
 */
public final class RealToolChecks {

    private static final Pattern NGINX_CERT = Pattern.compile("(?m)^\\s*ssl_certificate(?:_key)?\\s+(\\S+);");
    private static final Pattern CADDY_TLS_FILES = Pattern.compile("(?m)^\\s*tls\\s+(/\\S+)\\s+(/\\S+)\\s*$");
    private static final Pattern COMPOSE_SERVICE = Pattern.compile("(?m)^  ([a-z0-9][a-z0-9_-]*):\\s*$");

    private RealToolChecks() {}

    /** Runs every check on the bundle in {@code dir}; fails with the tool's own words. */
    public static void assertAcceptedByEveryTool(Path dir) {
        String compose = read(dir.resolve("docker-compose.yml"));
        ComposeCli.locate().config(dir);
        List<Dclint.Message> dclint = Dclint.locate().lint(List.of(dir.resolve("docker-compose.yml")));
        assertEquals(List.of(), dclint, "dclint on " + dir);
        assertEquals("", Findings.toText(StackLint.lintDirectory(dir)), "kestra-stack lint on " + dir);
        assertEquals(List.of(), BundleCheck.check(dir).problems(), "bundle check of " + dir);
        Set<String> hosts = new LinkedHashSet<>();
        Matcher services = COMPOSE_SERVICE.matcher(compose.substring(compose.indexOf("services:")));
        while (services.find()) {
            hosts.add(services.group(1));
        }
        Path nginx = dir.resolve("nginx/nginx.conf");
        Path caddy = dir.resolve("caddy/Caddyfile");
        if (Files.exists(nginx)) {
            String conf = read(nginx);
            RealTools.Result r = RealTools.nginxTest(conf, certificates(NGINX_CERT, conf), hosts);
            assertTrue(r.ok(), "nginx -t refused " + nginx + "\n" + r.describe());
        }
        if (Files.exists(caddy)) {
            String caddyfile = read(caddy);
            RealTools.Result r = RealTools.caddyValidate(caddyfile, certificates(CADDY_TLS_FILES, caddyfile));
            assertTrue(r.ok(), "caddy validate refused " + caddy + "\n" + r.describe());
        }
    }

    /** Self-signed test content for every certificate/key path the configuration names (cert first). */
    private static Map<String, String> certificates(Pattern pattern, String config) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = pattern.matcher(config);
        List<String> pair = null;
        while (m.find()) {
            for (int g = 1; g <= m.groupCount(); g++) {
                if (pair == null || out.size() % 2 == 0) {
                    pair = RealTools.selfSignedPair();
                }
                out.putIfAbsent(m.group(g), pair.get(out.size() % 2));
            }
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
