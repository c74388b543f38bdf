package io.kestrastack.lint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.lint.internal.Caddyfile.Block;
import io.kestrastack.lint.internal.Caddyfile.BlockKind;
import io.kestrastack.lint.internal.Caddyfile.Line;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Caddyfile tokenizer and its tree of lines and blocks. */
class CaddyfileTest {

    private final Report report = new Report();

    private Caddyfile parse(String text) {
        return parse(text, Map.of());
    }

    private Caddyfile parse(String text, Map<String, String> env) {
        return Caddyfile.parse(new Source("Caddyfile", text), env, report);
    }

    private List<String> summary() {
        return report.findings().stream().map(f -> f.line() + " " + f.rule().id()).toList();
    }

    @Test
    void reads_global_options_snippets_and_site_blocks_with_nested_blocks() {
        Caddyfile c = parse("""
                {
                	email ops@example.com
                }

                (common) {
                	header X-Frame-Options DENY
                }

                flows.example.com, www.example.com {
                	import common
                	@api path /api/*
                	handle @api {
                		reverse_proxy kestra:8080 {
                			flush_interval -1
                		}
                	}
                }
                """);
        assertEquals(List.of(BlockKind.GLOBAL, BlockKind.SNIPPET, BlockKind.SITE),
                c.blocks().stream().map(Block::kind).toList());
        Block site = c.sites().get(0);
        assertEquals(List.of("flows.example.com,", "www.example.com"),
                site.head().tokens().stream().map(Caddyfile.Token::text).toList());
        Line handle = site.head().children().get(2);
        assertEquals("handle", handle.name());
        assertEquals(12, handle.line());
        Line proxy = handle.children().get(0);
        assertEquals(List.of("kestra:8080"), proxy.args());
        assertEquals("flush_interval", proxy.children().get(0).name());
        assertEquals(List.of(), summary());
    }

    @Test
    void quotes_backticks_comments_and_escapes_follow_caddy() {
        Caddyfile c = parse("""
                example.com {
                	respond "say \\"hi\\" # not a comment" 200 # a comment
                	header X-Raw `C:\\path "as is"`
                	header X-Hash a#b
                }
                """);
        List<Line> lines = c.sites().get(0).head().children();
        assertEquals(List.of("say \"hi\" # not a comment", "200"), lines.get(0).args());
        assertEquals(List.of("X-Raw", "C:\\path \"as is\""), lines.get(1).args());
        assertEquals(List.of("X-Hash", "a#b"), lines.get(2).args());
    }

    @Test
    void a_quoted_token_may_span_lines_and_later_lines_keep_their_numbers() {
        Caddyfile c = parse("example.com {\n\trespond \"line one\nline two\"\n\tlog\n}\n");
        List<Line> lines = c.sites().get(0).head().children();
        assertEquals("line one\nline two", lines.get(0).args().get(0));
        assertEquals("log", lines.get(1).name());
        assertEquals(4, lines.get(1).line());
    }

    @Test
    void a_backslash_at_the_end_of_a_line_continues_it() {
        Caddyfile c = parse("example.com {\n\treverse_proxy \\\n\t\tkestra:8080\n\tlog\n}\n");
        List<Line> lines = c.sites().get(0).head().children();
        assertEquals(List.of("kestra:8080"), lines.get(0).args());
        assertEquals("log", lines.get(1).name());
    }

    @Test
    void env_placeholders_use_the_environment_then_their_default_else_stay_as_written() {
        Caddyfile c = parse("{$DOMAIN} {\n\treverse_proxy {$UPSTREAM:kestra:8080} {$OTHER}\n}\n",
                Map.of("DOMAIN", "flows.example.com"));
        Block site = c.sites().get(0);
        assertEquals("flows.example.com", site.head().name());
        assertEquals(List.of("kestra:8080", "{$OTHER}"), site.head().children().get(0).args());
    }

    @Test
    void heredocs_are_one_token() {
        Caddyfile c = parse("example.com {\n\trespond <<HTML\n\t\t<p>{</p>\n\t\tHTML 200\n\tlog\n}\n");
        List<Line> lines = c.sites().get(0).head().children();
        assertEquals(List.of("\t\t<p>{</p>\n", "200"), lines.get(0).args());
        assertEquals("log", lines.get(1).name());
        assertEquals(List.of(), summary());
    }

    @Test
    void a_file_without_braces_is_one_site() {
        Caddyfile c = parse("localhost:8080\n\nreverse_proxy kestra:8080\nencode gzip\n");
        assertEquals(1, c.sites().size());
        assertEquals(List.of("reverse_proxy", "encode"),
                c.sites().get(0).head().children().stream().map(Line::name).toList());
    }

    @Test
    void a_missing_closing_brace_is_reported_where_the_block_opens() {
        parse("example.com {\n\thandle {\n\t\treverse_proxy kestra:8080\n\t}\n");
        assertEquals(List.of("1 caddyfile-syntax"), summary());
    }

    @Test
    void an_extra_closing_brace_is_reported_where_it_is() {
        parse("example.com {\n\tlog\n}\n}\n");
        assertEquals(List.of("4 caddyfile-syntax"), summary());
    }

    @Test
    void an_unterminated_quote_is_one_finding_where_it_starts() {
        parse("example.com {\n\trespond \"oops\n\tlog\n}\n");
        assertEquals(List.of("2 caddyfile-syntax"), summary());
    }

    @Test
    void a_quoted_brace_does_not_open_a_block() {
        Caddyfile c = parse("example.com {\n\trespond \"{\"\n}\n");
        assertEquals(List.of("{"), c.sites().get(0).head().children().get(0).args());
        assertEquals(List.of(), summary());
    }

    @Test
    void deep_nesting_is_refused_without_recursing_further() {
        parse("a {\n".repeat(100));
        assertTrue(summary().contains("65 caddyfile-syntax"), summary().toString());
    }
}
