package io.kestrastack.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kestrastack.Stack;
import io.kestrastack.proxy.testing.Stacks;
import io.kestrastack.render.RenderedFile;
import io.kestrastack.render.StackRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The rendered files of the example stacks, byte for byte. Run with {@code -Dgolden.update=true} to rewrite
 * the files under {@code src/test/resources/golden} after an intended change, then review the diff.
 */
class GoldenFilesTest {

    static final Map<String, Supplier<Stack>> STACKS = Map.of(
            "caddy-production", Stacks::caddyProduction,
            "nginx-subpath", Stacks::nginxSubPath,
            "forward-proxy", Stacks::forwardProxy);

    static final Map<String, List<String>> FILES = Map.of(
            "caddy-production", List.of("caddy/Caddyfile", "docker-compose.yml"),
            "nginx-subpath", List.of("nginx/nginx.conf", "docker-compose.yml"),
            "forward-proxy", List.of("kestra/application.yaml", "docker-compose.yml", "nginx/nginx.conf"));

    @Test
    void caddy_production_stack_renders_the_golden_caddyfile_and_compose_file() throws IOException {
        check("caddy-production");
    }

    @Test
    void nginx_stack_under_kestra_subpath_renders_the_golden_nginx_conf_and_compose_file() throws IOException {
        check("nginx-subpath");
    }

    @Test
    void forward_proxy_stack_renders_the_golden_kestra_configuration_and_compose_file() throws IOException {
        check("forward-proxy");
    }

    /** The rendered file {@code path} of the golden stack {@code name}. */
    static String rendered(String name, String path) {
        return StackRenderer.render(STACKS.get(name).get()).stream().filter(f -> f.path().equals(path))
                .map(RenderedFile::content).findFirst().orElseThrow(() -> new AssertionError(name + " has no " + path));
    }

    /** The golden text of {@code path} for stack {@code name}, read from the source tree. */
    static String golden(String name, String path) throws IOException {
        Path file = Path.of("src/test/resources/golden", name, path);
        if (!Files.exists(file)) {
            throw new AssertionError("no golden file " + file + "; run the tests with -Dgolden.update=true to create it");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static void check(String name) throws IOException {
        for (String path : FILES.get(name)) {
            String actual = rendered(name, path);
            if (Boolean.getBoolean("golden.update")) {
                Path target = Path.of("src/test/resources/golden", name, path);
                Files.createDirectories(target.getParent());
                Files.writeString(target, actual);
            }
            assertEquals(golden(name, path), actual, name + "/" + path + " differs from its golden file");
        }
    }
}
