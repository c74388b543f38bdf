package io.kestrastack.lint.internal;

import io.kestrastack.lint.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Caddyfile, tokenized the way Caddy does it and grouped into a tree of lines and blocks.
 *
 * <p>Tokens are separated by white space; {@code "..."} tokens may span lines and unescape only
 * {@code \"}; {@code `...`} tokens are raw; {@code #} starts a comment only at the start of a token; a
 * backslash before a line break continues the line; {@code <<MARKER} starts a heredoc. A {@code {}
 * token opens a block and a {@code }} token closes it. {@code {$VAR}} and {@code {$VAR:default}}
 * placeholders are replaced from the given environment, else by their default, else left as written.
 *
 * <p>The top level holds an optional global options block, snippets {@code (name) { ... }}, named
 * routes {@code &(name) { ... }} and site blocks (addresses, then a block). A file whose first line is
 * a site address without a block is one site whose directives follow at the top level.
 */
public final class Caddyfile {

    /**
     * A token.
     *
     * @param text its text after unquoting and placeholder replacement
     * @param line 1-based line where it starts
     * @param quoted whether it was quoted (a quoted "{" does not open a block)
     * @param logicalStart the logical line it starts on (continued lines count as one)
     * @param logicalEnd the logical line it ends on (a quoted token may span lines)
     */
    public record Token(String text, int line, boolean quoted, int logicalStart, int logicalEnd) {}

    /**
     * A line of tokens and the block it opens, if any.
     *
     * @param tokens the tokens before the block
     * @param children the block's lines; empty when there is no block
     * @param hasBlock whether the line opens a block
     * @param line 1-based line of the first token
     */
    public record Line(List<Token> tokens, List<Line> children, boolean hasBlock, int line) {

        /** The first token's text: the directive, matcher or address. */
        public String name() {
            return tokens.isEmpty() ? "" : tokens.get(0).text();
        }

        /** The texts of the tokens after the first. */
        public List<String> args() {
            List<String> out = new ArrayList<>();
            for (int i = 1; i < tokens.size(); i++) {
                out.add(tokens.get(i).text());
            }
            return out;
        }
    }

    /** Kinds of top-level block. */
    public enum BlockKind { GLOBAL, SNIPPET, NAMED_ROUTE, SITE }

    /**
     * A top-level block.
     *
     * @param kind what it is
     * @param head its line: addresses for a site, {@code (name)} for a snippet
     */
    public record Block(BlockKind kind, Line head) {}

    private final Source source;
    private final List<Block> blocks;

    private Caddyfile(Source source, List<Block> blocks) {
        this.source = source;
        this.blocks = List.copyOf(blocks);
    }

    /** The file. */
    public Source source() {
        return source;
    }

    /** Top-level blocks in order. */
    public List<Block> blocks() {
        return blocks;
    }

    /** Site blocks. */
    public List<Block> sites() {
        return blocks.stream().filter(b -> b.kind() == BlockKind.SITE).toList();
    }

    /**
     * Reads a Caddyfile. Syntax problems are reported with their line; the tree holds what could be read.
     *
     * @param environment values for {@code {$VAR}} placeholders (the edge container's environment)
     */
    public static Caddyfile parse(Source source, Map<String, String> environment, Report report) {
        Lexer lexer = new Lexer(source, environment, report);
        List<Token> tokens = lexer.tokens();
        // After an unterminated quote or heredoc every later brace is swallowed: the missing braces that
        // follow are consequences, not further problems.
        TreeBuilder tb = new TreeBuilder(source, tokens, lexer.unterminated ? new Report() : report);
        List<Line> top = tb.lines(0, false);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < top.size(); i++) {
            Line l = top.get(i);
            if (i == 0 && l.tokens().isEmpty() && l.hasBlock()) {
                blocks.add(new Block(BlockKind.GLOBAL, l));
            } else if (l.tokens().size() == 1 && l.name().startsWith("(") && l.name().endsWith(")")) {
                blocks.add(new Block(BlockKind.SNIPPET, l));
            } else if (l.tokens().size() == 1 && l.name().startsWith("&(") && l.name().endsWith(")")) {
                blocks.add(new Block(BlockKind.NAMED_ROUTE, l));
            } else if (l.hasBlock() || l.name().equals("import")) {
                blocks.add(new Block(BlockKind.SITE, l));
            } else {
                // A site without braces: this line holds its addresses, every later line is a directive.
                List<Line> rest = top.subList(i + 1, top.size());
                blocks.add(new Block(BlockKind.SITE, new Line(l.tokens(), List.copyOf(rest), true, l.line())));
                break;
            }
        }
        return new Caddyfile(source, blocks);
    }

    private static final class Lexer {
        private final Source source;
        private final String text;
        private final Map<String, String> environment;
        private final Report report;
        private int pos;
        private int line = 1;
        private int continuations;
        boolean unterminated;

        Lexer(Source source, Map<String, String> environment, Report report) {
            this.source = source;
            this.text = source.text();
            this.environment = environment;
            this.report = report;
        }

        /** Most tokens read: a large site has a few thousand; this bounds memory and time on hostile files. */
        static final int MAX_TOKENS = 200_000;

        List<Token> tokens() {
            List<Token> out = new ArrayList<>();
            Token t;
            while ((t = next()) != null) {
                if (out.size() == MAX_TOKENS) {
                    report.add(Rule.CADDYFILE_SYNTAX, source.path(), t.line(), "the Caddyfile has more than "
                            + MAX_TOKENS + " tokens, over the limit kestra-stack reads; the rest was not checked");
                    unterminated = true; // the braces cut off are consequences, not further problems
                    break;
                }
                out.add(t);
            }
            return out;
        }

        private int logical() {
            return line - continuations;
        }

        private Token token(String value, int startLine, int logicalStart, boolean quoted) {
            return new Token(value, startLine, quoted, logicalStart, logical());
        }

        private @Nullable Token next() {
            // Skip white space and comments.
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '\n') {
                    line++;
                    pos++;
                } else if (Character.isWhitespace(c)) {
                    pos++;
                } else if (c == '#') {
                    while (pos < text.length() && text.charAt(pos) != '\n') {
                        pos++;
                    }
                } else if (c == '\\' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n') {
                    // Line continuation between tokens.
                    pos += 2;
                    line++;
                    continuations++;
                } else {
                    break;
                }
            }
            if (pos >= text.length()) {
                return null;
            }
            int startLine = line;
            int logicalStart = logical();
            char first = text.charAt(pos);
            if (first == '"' || first == '`') {
                return quoted(first, startLine, logicalStart);
            }
            if (text.startsWith("<<", pos) && pos + 2 < text.length() && !Character.isWhitespace(text.charAt(pos + 2))
                    && text.charAt(pos + 2) != '<') {
                Token heredoc = heredoc(startLine, logicalStart);
                if (heredoc != null) {
                    return heredoc;
                }
            }
            StringBuilder val = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (Character.isWhitespace(c)) {
                    break;
                }
                if (c == '\\' && pos + 1 < text.length()) {
                    char n = text.charAt(pos + 1);
                    if (n == '\n') {
                        // Continuation ends the token; the next token is on the same logical line.
                        pos += 2;
                        line++;
                        continuations++;
                        Token t = new Token(replacePlaceholders(val.toString()), startLine, false, logicalStart,
                                logicalStart);
                        return t;
                    }
                    if (n != '<') {
                        val.append('\\');
                    }
                    val.append(n);
                    pos += 2;
                    continue;
                }
                val.append(c);
                pos++;
            }
            return token(replacePlaceholders(val.toString()), startLine, logicalStart, false);
        }

        private Token quoted(char quote, int startLine, int logicalStart) {
            pos++;
            StringBuilder val = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (quote == '"' && c == '\\' && pos + 1 < text.length()) {
                    char n = text.charAt(pos + 1);
                    if (n != '"') {
                        val.append('\\');
                    }
                    if (n == '\n') {
                        line++;
                    }
                    val.append(n);
                    pos += 2;
                    continue;
                }
                if (c == quote) {
                    pos++;
                    return token(replacePlaceholders(val.toString()), startLine, logicalStart, true);
                }
                if (c == '\n') {
                    line++;
                }
                val.append(c);
                pos++;
            }
            unterminated = true;
            report.add(Rule.CADDYFILE_SYNTAX, source.path(), startLine,
                    "the " + (quote == '"' ? "quoted" : "backtick-quoted") + " token starting here is never closed;"
                            + " Caddy reads the rest of the file into it");
            return token(val.toString(), startLine, logicalStart, true);
        }

        /** A heredoc ({@code <<MARKER} then lines up to the marker), or null if this is not one. */
        private @Nullable Token heredoc(int startLine, int logicalStart) {
            int nl = text.indexOf('\n', pos);
            if (nl < 0) {
                return null;
            }
            String marker = text.substring(pos + 2, nl).strip();
            if (marker.isEmpty() || !marker.matches("[A-Za-z0-9_-]+")) {
                return null;
            }
            int p = nl + 1;
            int l = line + 1;
            StringBuilder body = new StringBuilder();
            while (p <= text.length()) {
                int end = text.indexOf('\n', p);
                String ln = text.substring(p, end < 0 ? text.length() : end);
                String stripped = ln.stripLeading();
                if (stripped.startsWith(marker)
                        && (stripped.length() == marker.length() || Character.isWhitespace(stripped.charAt(marker.length())))) {
                    pos = p + (ln.length() - stripped.length()) + marker.length();
                    line = l;
                    return token(body.toString(), startLine, logicalStart, true);
                }
                body.append(ln).append('\n');
                if (end < 0) {
                    break;
                }
                p = end + 1;
                l++;
            }
            unterminated = true;
            report.add(Rule.CADDYFILE_SYNTAX, source.path(), startLine,
                    "the heredoc <<" + marker + " is never closed by a line with " + marker);
            pos = text.length();
            line = l;
            return token(body.toString(), startLine, logicalStart, true);
        }

        private String replacePlaceholders(String token) {
            int open = token.indexOf("{$");
            if (open < 0) {
                return token;
            }
            StringBuilder out = new StringBuilder();
            int i = 0;
            while (open >= 0) {
                int close = token.indexOf('}', open);
                if (close < 0) {
                    break;
                }
                out.append(token, i, open);
                String inner = token.substring(open + 2, close);
                int colon = inner.indexOf(':');
                String name = colon < 0 ? inner : inner.substring(0, colon);
                String value = environment.get(name);
                if (value == null && colon >= 0) {
                    value = inner.substring(colon + 1);
                }
                out.append(value != null ? value : token.substring(open, close + 1));
                i = close + 1;
                open = token.indexOf("{$", i);
            }
            out.append(token.substring(i));
            return out.toString();
        }
    }

    private static final class TreeBuilder {
        private static final int MAX_DEPTH = 64;
        private final Source source;
        private final List<Token> tokens;
        private final Report report;
        private int i;

        TreeBuilder(Source source, List<Token> tokens, Report report) {
            this.source = source;
            this.tokens = tokens;
            this.report = report;
        }

        /** Whether the last call of {@link #lines} in a block ended at its '}' (not at the end of the file). */
        private boolean closed;

        /** Lines up to the end of the file, or (in a block) up to and including the '}' that closes it. */
        List<Line> lines(int depth, boolean inBlock) {
            List<Line> out = new ArrayList<>();
            while (i < tokens.size()) {
                Token t = tokens.get(i);
                if (isClose(t)) {
                    i++;
                    if (inBlock) {
                        closed = true;
                        return out;
                    }
                    report.add(Rule.CADDYFILE_SYNTAX, source.path(), t.line(), "this '}' closes no block");
                    continue;
                }
                out.add(line(depth));
            }
            closed = false;
            return out;
        }

        private Line line(int depth) {
            List<Token> lineTokens = new ArrayList<>();
            int first = tokens.get(i).line();
            while (i < tokens.size()) {
                Token t = tokens.get(i);
                if (!lineTokens.isEmpty() && t.logicalStart() != lineTokens.get(lineTokens.size() - 1).logicalEnd()
                        && !continues(lineTokens, depth)) {
                    break;
                }
                if (isClose(t)) {
                    break;
                }
                i++;
                if (isOpen(t)) {
                    if (depth >= MAX_DEPTH) {
                        report.add(Rule.CADDYFILE_SYNTAX, source.path(), t.line(), "blocks nest more than " + MAX_DEPTH
                                + " levels deep, over the limit kestra-stack reads");
                        i = tokens.size();
                        return new Line(List.copyOf(lineTokens), List.of(), true, first);
                    }
                    List<Line> children = lines(depth + 1, true);
                    if (!closed) {
                        report.add(Rule.CADDYFILE_SYNTAX, source.path(), t.line(),
                                "the block opened here is never closed: a '}' is missing");
                    }
                    return new Line(List.copyOf(lineTokens), List.copyOf(children), true, first);
                }
                lineTokens.add(t);
            }
            return new Line(List.copyOf(lineTokens), List.of(), false, first);
        }

        private static boolean isClose(Token t) {
            return !t.quoted() && t.text().equals("}");
        }

        private static boolean isOpen(Token t) {
            return !t.quoted() && t.text().equals("{");
        }

        /** Site addresses may continue on the next line after a trailing comma. */
        private static boolean continues(List<Token> lineTokens, int depth) {
            return depth == 0 && lineTokens.get(lineTokens.size() - 1).text().endsWith(",");
        }
    }
}
