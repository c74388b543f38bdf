package io.kestrastack.lint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kestrastack.lint.internal.NginxConfig.Directive;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The nginx tokenizer and its tree of directives. */
class NginxConfigTest {

    private final Report report = new Report();

    private NginxConfig parse(String text) {
        return NginxConfig.parse(new Source("nginx.conf", text), report);
    }

    private List<String> summary() {
        return report.findings().stream().map(f -> f.line() + " " + f.rule().id() + ": " + f.message()).toList();
    }

    @Test
    void reads_directives_blocks_quotes_comments_and_variables() {
        NginxConfig c = parse("""
                # comment
                http {
                    map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                    server {
                        listen 443 ssl; # trailing comment
                        add_header X-Test "a; b {c}" always;
                        location ~ ^/(api|ui)/ {
                            proxy_pass http://kestra:8080;
                            set $x "${host}x";
                            return 200 'it\\'s';
                        }
                    }
                }
                """);
        Directive http = c.directives().get(0);
        assertEquals("http", http.name());
        assertEquals(2, http.line());
        Directive map = http.children().get(0);
        assertEquals(List.of("$http_upgrade", "$connection_upgrade"), map.args());
        assertEquals("", map.children().get(1).name());
        assertEquals(List.of("close"), map.children().get(1).args());
        Directive server = http.children().get(1);
        assertEquals(List.of("443", "ssl"), server.children().get(0).args());
        assertEquals(List.of("X-Test", "a; b {c}", "always"), server.children().get(1).args());
        Directive location = server.children().get(2);
        assertEquals(List.of("~", "^/(api|ui)/"), location.args());
        assertEquals(8, location.children().get(0).line());
        assertEquals(List.of("$x", "${host}x"), location.children().get(1).args());
        assertEquals(List.of("200", "it's"), location.children().get(2).args());
        assertNull(location.children().get(0).block());
        assertEquals(List.of(), summary());
    }

    @Test
    void a_missing_semicolon_before_a_block_is_reported_on_the_directive() {
        parse("server {\n    listen 80\n    location / {\n        return 200;\n    }\n}\n");
        assertEquals(List.of("2 nginx-syntax: 'listen' does not take a block: a ';' is probably missing after it"),
                summary());
    }

    @Test
    void a_missing_semicolon_before_a_closing_brace_is_reported() {
        parse("events {\n    worker_connections 1024\n}\n");
        assertEquals(List.of("2 nginx-syntax: the directive 'worker_connections' is not terminated by ';' before '}'"),
                summary());
    }

    @Test
    void unbalanced_braces_are_reported() {
        parse("http {\n    server {\n    }\n");
        parse("events {}\n}\n");
        assertEquals(List.of("1 nginx-syntax: the block opened here is never closed: a '}' is missing",
                "2 nginx-syntax: this '}' closes no block"), summary());
    }

    @Test
    void an_unterminated_quote_is_reported_where_it_starts() {
        parse("events {}\nhttp {\n    add_header X \"open;\n}\n");
        assertEquals(List.of("3 nginx-syntax: the quoted value starting here is never closed"), summary());
    }

    @Test
    void text_glued_to_a_closing_quote_is_an_error() {
        parse("events {}\nadd_header X \"a\"b;\n");
        assertEquals(List.of("2 nginx-syntax: unexpected 'b' right after a quoted value"), summary());
    }

    @Test
    void a_directive_at_the_end_of_the_file_needs_its_semicolon() {
        parse("events {}\nworker_processes 4");
        assertEquals(List.of("2 nginx-syntax: the directive 'worker_processes' is not terminated by ';' at the end of"
                + " the file"), summary());
    }

    @Test
    void third_party_block_directives_are_accepted() {
        parse("http {\n    server {\n        location / {\n            content_by_lua_block {\n                ngx.say(\"x\");\n            }\n        }\n    }\n}\n");
        assertEquals(List.of(), summary());
    }
}
