package io.kestrastack.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How StackLint finds, names and relates files. */
class StackLintApiTest {

    private static final Path CADDY_SUBPATH = Fixtures.GUIDES.resolve("caddy-subpath");

    private static Set<String> rules(List<Finding> findings) {
        return findings.stream().map(Finding::ruleId).collect(Collectors.toCollection(TreeSet::new));
    }

    private static void write(Path dir, String relative, String content) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    void naming_only_the_compose_file_also_reads_its_env_its_config_file_and_the_mounted_caddyfile() {
        Path compose = CADDY_SUBPATH.resolve("docker-compose.yml");
        List<Finding> named = StackLint.lintFiles(List.of(compose));
        assertEquals(StackLint.lintDirectory(CADDY_SUBPATH), named,
                "the whole stack is reached from its Compose file");
    }

    @Test
    void a_bundle_in_memory_and_the_same_files_on_disk_give_the_same_findings(@TempDir Path dir) throws IOException {
        Map<String, String> bundle = new LinkedHashMap<>();
        try (var files = Files.walk(CADDY_SUBPATH)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                bundle.put(CADDY_SUBPATH.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
        }
        for (Map.Entry<String, String> e : bundle.entrySet()) {
            write(dir, e.getKey(), e.getValue());
        }
        String prefix = dir + dir.getFileSystem().getSeparator();
        assertEquals(Findings.toText(StackLint.lint(bundle)), Findings.toText(StackLint.lintDirectory(dir)).replace(prefix, ""));
    }

    @Test
    void findings_name_files_below_the_directory_as_given() {
        List<Finding> findings = StackLint.lintDirectory(CADDY_SUBPATH);
        assertTrue(findings.stream().allMatch(f -> f.file().startsWith(CADDY_SUBPATH.toString())), findings.toString());
    }

    @Test
    void hidden_and_build_directories_are_not_walked(@TempDir Path dir) throws IOException {
        write(dir, ".git/docker-compose.yml", "version: '3'\nservices: {}\n");
        write(dir, "node_modules/pkg/docker-compose.yml", "version: '3'\nservices: {}\n");
        write(dir, "target/compose.yaml", "version: '3'\nservices: {}\n");
        write(dir, "deploy/compose.yaml", "version: '3'\nservices: {}\n");
        List<Finding> findings = StackLint.lintDirectory(dir);
        assertEquals(List.of(dir.resolve("deploy/compose.yaml") + ":1 compose-version-key"),
                findings.stream().map(f -> f.file() + ":" + f.line() + " " + f.ruleId()).toList());
    }

    @Test
    void a_conf_file_is_nginx_when_named_or_when_it_looks_like_nginx_but_not_when_found_and_unlike_nginx(
            @TempDir Path dir) throws IOException {
        write(dir, "postgresql.conf", "max_connections = 100\nshared_buffers = 128MB\n");
        write(dir, "site.conf", "server {\n    location / {\n        proxy_pass http://kestra:8080;\n    }\n}\n");
        assertEquals(Set.of("nginx-proxy-buffering", "nginx-client-max-body-size", "nginx-read-timeout-short"),
                rules(StackLint.lintDirectory(dir)));
        assertEquals(Set.of("nginx-syntax"), rules(StackLint.lintFiles(List.of(dir.resolve("postgresql.conf")))));
    }

    @Test
    void a_file_found_in_a_directory_that_cannot_be_read_as_text_is_only_reported_when_its_name_says_what_it_is(
            @TempDir Path dir) throws IOException {
        Files.write(dir.resolve("data.yml"), new byte[] {(byte) 0xFF, 0, 1});
        Files.write(dir.resolve("blob.conf"), new byte[] {(byte) 0xFF, 0, 1});
        Files.write(dir.resolve("compose.yaml"), new byte[] {(byte) 0xFF, 0, 1});
        assertEquals(List.of(dir.resolve("compose.yaml") + ":1 file-not-text"), StackLint.lintDirectory(dir).stream()
                .map(f -> f.file() + ":" + f.line() + " " + f.ruleId()).toList());
    }

    @Test
    void yaml_files_are_recognised_by_their_top_level_keys(@TempDir Path dir) throws IOException {
        write(dir, "flows/hello.yml", "id: hello\nnamespace: company.team\ntasks: []\n");
        write(dir, "kestra-prod.yml", "kestra:\n  url: https://x.example.com\n");
        write(dir, "stack.yml", "version: '3'\nservices: {}\n");
        assertEquals(Set.of("compose-version-key", "kestra-url-trailing-slash", "kestra-repository-not-postgres",
                "kestra-queue-not-postgres", "kestra-basic-auth-missing"), rules(StackLint.lintDirectory(dir)));
    }

    @Test
    void the_bundle_layout_of_the_renderers_is_recognised() {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("docker-compose.yml", "name: k\nservices:\n  kestra:\n    image: kestra/kestra:v1.3.4\n"
                + "    command: server standalone\n"
                + "    healthcheck:\n      test: [CMD, 'true']\n    volumes:\n      - ./caddy/Caddyfile:/etc/caddy/Caddyfile\n");
        bundle.put("caddy/Caddyfile", "example.com {\n\tencode gzip\n\treverse_proxy kestra:8080\n}\n");
        bundle.put("nginx/nginx.conf", "events {}\nhttp {\n    server {\n        location / {\n"
                + "            proxy_pass http://kestra:8080;\n        }\n    }\n}\n");
        assertEquals(Set.of("caddy-encode-event-stream", "nginx-proxy-buffering", "nginx-client-max-body-size",
                "nginx-read-timeout-short", "kestra-repository-not-postgres", "kestra-queue-not-postgres",
                "kestra-basic-auth-missing", "kestra-url-missing"), rules(StackLint.lint(bundle)));
    }

    @Test
    void a_proxy_is_checked_only_against_the_kestra_of_its_own_stack(@TempDir Path dir) throws IOException {
        write(dir, "one/application.yaml", "micronaut:\n  server:\n    context-path: /one\n");
        write(dir, "one/Caddyfile", "example.com {\n\thandle /one* {\n\t\treverse_proxy kestra:8080\n\t}\n}\n");
        write(dir, "two/application.yaml", "micronaut:\n  server:\n    context-path: /two\n");
        write(dir, "two/Caddyfile", "example.com {\n\thandle /two* {\n\t\treverse_proxy kestra:8080\n\t}\n}\n");
        assertTrue(StackLint.lintDirectory(dir).stream().noneMatch(f -> f.rule() == Rule.CONTEXT_PATH_MISMATCH));
    }

    @Test
    void a_proxy_to_something_other_than_kestra_is_not_checked_when_the_compose_file_names_kestra(
            @TempDir Path dir) throws IOException {
        write(dir, "docker-compose.yml", "name: k\nservices:\n  kestra:\n    image: kestra/kestra:v1.3.4\n"
                + "    healthcheck:\n      test: [CMD, 'true']\n  grafana:\n    image: grafana/grafana:11.2.0\n"
                + "    healthcheck:\n      test: [CMD, 'true']\n");
        write(dir, "nginx/nginx.conf", "events {}\nhttp {\n    server {\n        location /grafana/ {\n"
                + "            proxy_pass http://grafana:3000;\n        }\n        location / {\n"
                + "            proxy_pass http://kestra:8080;\n        }\n    }\n}\n");
        List<Finding> buffering = StackLint.lintDirectory(dir).stream()
                .filter(f -> f.rule() == Rule.NGINX_PROXY_BUFFERING).toList();
        assertEquals(List.of(7), buffering.stream().map(Finding::line).toList());
    }

    @Test
    void the_shell_environment_is_never_read_but_the_shells_own_variables_count_as_set() {
        // PATH is set in the linter's own environment, yet it is undefined for the stack: the linter never
        // reads the environment it runs in. HOME is one of the shell's variables (with PWD, USER, HOSTNAME),
        // which Compose users mean when they write them: not reported.
        assertTrue(System.getenv("PATH") != null);
        List<Finding> findings = StackLint.lint(Map.of(".env", "TZ=UTC\n", "docker-compose.yml",
                "name: k\nservices:\n  app:\n    image: alpine:3.20\n    command: echo $PATH $HOME\n"
                        + "    healthcheck:\n      test: [CMD, 'true']\n"));
        assertEquals(List.of("compose-unescaped-dollar"), findings.stream().map(f -> f.rule().id()).toList());
        assertTrue(findings.get(0).message().contains("$PATH"), findings.get(0).message());
    }
}
