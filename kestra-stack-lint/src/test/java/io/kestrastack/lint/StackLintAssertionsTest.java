package io.kestrastack.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The assertion entry point for users' unit tests. */
class StackLintAssertionsTest {

    private static final Map<String, String> NGINX_BUFFERING = Map.of("nginx/kestra.conf", """
            server {
                listen 80;
                include /etc/nginx/proxy.conf;
                location / {
                    proxy_pass http://kestra:8080;
                    client_max_body_size 100m;
                    proxy_read_timeout 1h;
                }
            }
            """);

    @Test
    void the_failure_lists_each_finding_as_file_line_rule_message() {
        AssertionError e = assertThrows(AssertionError.class, () -> StackLintAssertions.assertLintsClean(NGINX_BUFFERING));
        assertEquals("""
                expected the stack to lint clean, but found 2 problems:
                nginx/kestra.conf:3 nginx-include-not-followed: include /etc/nginx/proxy.conf is not followed; the\
                 directives it holds were not checked
                nginx/kestra.conf:4 nginx-proxy-buffering: the location / proxies Kestra with nginx's default\
                 proxy_buffering on, which holds back its event streams
                """, e.getMessage());
    }

    @Test
    void ignored_rules_are_left_out() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> StackLintAssertions.assertLintsClean(NGINX_BUFFERING, "nginx-include-not-followed"));
        assertTrue(e.getMessage().startsWith("expected the stack to lint clean, but found 1 problem:\n"));
        StackLintAssertions.assertLintsClean(NGINX_BUFFERING, "nginx-include-not-followed", "nginx-proxy-buffering");
    }

    @Test
    void an_unknown_rule_id_is_refused_rather_than_silently_ignoring_nothing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StackLintAssertions.assertNoFindings(List.of(), "nginx-buffering"));
        assertEquals("no lint rule has the id 'nginx-buffering'; see docs/rules.md", e.getMessage());
    }

    @Test
    void a_clean_directory_passes() {
        StackLintAssertions.assertLintsClean(Fixtures.GUIDES.resolve("clean-production"));
    }

    @Test
    void a_broken_directory_fails_with_paths_below_it() {
        Path dir = Fixtures.RULES.resolve("compose-version-key").resolve("trigger");
        AssertionError e = assertThrows(AssertionError.class, () -> StackLintAssertions.assertLintsClean(dir));
        assertTrue(e.getMessage().contains(dir.resolve("docker-compose.yml") + ":1 compose-version-key: "), e.getMessage());
    }
}
