package io.kestrastack.lint.internal;

import io.kestrastack.lint.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An nginx configuration file, tokenized the way nginx does it: words separated by white space;
 * {@code "..."} and {@code '...'} only at the start of a word, with backslash escapes; a backslash
 * outside quotes escapes the next character; {@code #} starts a comment at the start of a word;
 * {@code ${name}} stays inside its word; a directive ends at {@code ;} or opens a block with {@code {}
 * that {@code }} closes.
 */
public final class NginxConfig {

    /**
     * A directive.
     *
     * @param name the directive name
     * @param args its arguments after unquoting
     * @param block the directives of its block, or null when it has none
     * @param line 1-based line of its name
     */
    public record Directive(String name, List<String> args, @Nullable List<Directive> block, int line) {

        /** The first argument, or the empty string. */
        public String arg(int index) {
            return index < args.size() ? args.get(index) : "";
        }

        /** The directives of its block; empty when it has none. */
        public List<Directive> children() {
            return block == null ? List.of() : block;
        }
    }

    private final Source source;
    private final List<Directive> directives;

    private NginxConfig(Source source, List<Directive> directives) {
        this.source = source;
        this.directives = List.copyOf(directives);
    }

    /** The file. */
    public Source source() {
        return source;
    }

    /** The top-level directives. */
    public List<Directive> directives() {
        return directives;
    }

    /** Reads the file; syntax problems are reported with their line, and what could be read is kept. */
    public static NginxConfig parse(Source source, Report report) {
        Parser p = new Parser(source, report);
        List<Directive> top = p.block(0, -1);
        return new NginxConfig(source, top);
    }

    /** The first directive named {@code name} among {@code directives}. */
    public static Optional<Directive> find(List<Directive> directives, String name) {
        for (Directive d : directives) {
            if (d.name().equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** Directives that take a block; any other directive followed by '{' is missing its ';'. */
    private static final java.util.Set<String> BLOCK_DIRECTIVES = java.util.Set.of(
            "http", "server", "location", "upstream", "events", "map", "geo", "types", "if", "limit_except",
            "split_clients", "stream", "mail", "match", "charset_map", "perl_set", "js_set");

    /** Whether {@code name} takes a block (third-party "*_block" directives included). */
    static boolean takesBlock(String name) {
        return BLOCK_DIRECTIVES.contains(name) || name.endsWith("_block");
    }

    private static final class Parser {
        private static final int MAX_DEPTH = 64;

        private final Source source;
        private final String text;
        private final Report report;
        private int pos;
        private int line = 1;
        private boolean failed;

        Parser(Source source, Report report) {
            this.source = source;
            this.text = source.text();
            this.report = report;
        }

        private enum End { SEMICOLON, OPEN, CLOSE, EOF }

        private record Word(String text, int line) {}

        /** Reads directives until the '}' closing the block opened on {@code openLine} (or -1 for the file). */
        List<Directive> block(int depth, int openLine) {
            List<Directive> out = new ArrayList<>();
            while (!failed) {
                List<Word> words = new ArrayList<>();
                End end = statement(words);
                if (failed) {
                    break;
                }
                if (end == End.CLOSE) {
                    if (!words.isEmpty()) {
                        error(words.get(0).line(), "the directive '" + words.get(0).text()
                                + "' is not terminated by ';' before '}'");
                        break;
                    }
                    if (openLine < 0) {
                        error(line, "this '}' closes no block");
                        break;
                    }
                    return out;
                }
                if (end == End.EOF) {
                    if (!words.isEmpty()) {
                        error(words.get(0).line(), "the directive '" + words.get(0).text()
                                + "' is not terminated by ';' at the end of the file");
                    } else if (openLine >= 0) {
                        error(openLine, "the block opened here is never closed: a '}' is missing");
                    }
                    break;
                }
                if (words.isEmpty()) {
                    error(line, "unexpected '" + (end == End.OPEN ? "{" : ";") + "' without a directive");
                    break;
                }
                Word name = words.get(0);
                List<String> args = new ArrayList<>();
                for (int k = 1; k < words.size(); k++) {
                    args.add(words.get(k).text());
                }
                if (end == End.OPEN) {
                    if (!takesBlock(name.text())) {
                        error(name.line(), "'" + name.text() + "' does not take a block: a ';' is probably missing"
                                + " after it");
                        break;
                    }
                    if (depth >= MAX_DEPTH) {
                        error(name.line(), "blocks nest more than " + MAX_DEPTH + " levels deep, over the limit kestra-stack reads");
                        break;
                    }
                    List<Directive> children = block(depth + 1, name.line());
                    out.add(new Directive(name.text(), List.copyOf(args), List.copyOf(children), name.line()));
                } else {
                    out.add(new Directive(name.text(), List.copyOf(args), null, name.line()));
                }
            }
            return out;
        }

        /** Reads words up to ';', '{', '}' or the end of the file. */
        private End statement(List<Word> words) {
            while (true) {
                skipSpaceAndComments();
                if (pos >= text.length()) {
                    return End.EOF;
                }
                char c = text.charAt(pos);
                if (c == ';') {
                    pos++;
                    return End.SEMICOLON;
                }
                if (c == '{') {
                    pos++;
                    return End.OPEN;
                }
                if (c == '}') {
                    pos++;
                    return End.CLOSE;
                }
                Word w = word();
                if (w == null) {
                    return End.EOF;
                }
                words.add(w);
            }
        }

        private void skipSpaceAndComments() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '\n') {
                    line++;
                    pos++;
                } else if (c == ' ' || c == '\t' || c == '\r') {
                    pos++;
                } else if (c == '#') {
                    while (pos < text.length() && text.charAt(pos) != '\n') {
                        pos++;
                    }
                } else {
                    return;
                }
            }
        }

        private @Nullable Word word() {
            int startLine = line;
            char c = text.charAt(pos);
            if (c == '"' || c == '\'') {
                char quote = c;
                pos++;
                StringBuilder val = new StringBuilder();
                while (pos < text.length()) {
                    char ch = text.charAt(pos);
                    if (ch == '\\' && pos + 1 < text.length()) {
                        char n = text.charAt(pos + 1);
                        appendEscape(val, n);
                        if (n == '\n') {
                            line++;
                        }
                        pos += 2;
                        continue;
                    }
                    if (ch == quote) {
                        pos++;
                        if (pos < text.length()) {
                            char after = text.charAt(pos);
                            if (!(after == ' ' || after == '\t' || after == '\r' || after == '\n' || after == ';'
                                    || after == '{' || after == ')')) {
                                error(line, "unexpected '" + after + "' right after a quoted value");
                                return null;
                            }
                        }
                        return new Word(val.toString(), startLine);
                    }
                    if (ch == '\n') {
                        line++;
                    }
                    val.append(ch);
                    pos++;
                }
                error(startLine, "the quoted value starting here is never closed");
                return null;
            }
            StringBuilder val = new StringBuilder();
            boolean variable = false;
            while (pos < text.length()) {
                char ch = text.charAt(pos);
                if (ch == '{' && variable) {
                    // ${name}: the brace belongs to the word.
                    int close = text.indexOf('}', pos);
                    int end = close < 0 ? text.length() : close + 1;
                    val.append(text, pos, end);
                    pos = end;
                    variable = false;
                    continue;
                }
                variable = false;
                if (ch == '\\' && pos + 1 < text.length()) {
                    char n = text.charAt(pos + 1);
                    appendEscape(val, n);
                    if (n == '\n') {
                        line++;
                    }
                    pos += 2;
                    continue;
                }
                if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == ';' || ch == '{' || ch == '}') {
                    break;
                }
                if (ch == '$') {
                    variable = true;
                }
                val.append(ch);
                pos++;
            }
            return new Word(val.toString(), startLine);
        }

        private static void appendEscape(StringBuilder val, char n) {
            switch (n) {
                case '"', '\'', '\\' -> val.append(n);
                case 't' -> val.append('\t');
                case 'r' -> val.append('\r');
                case 'n' -> val.append('\n');
                default -> val.append('\\').append(n);
            }
        }

        private void error(int at, String message) {
            if (!failed) {
                report.add(Rule.NGINX_SYNTAX, source.path(), at, message);
            }
            failed = true;
        }
    }
}
