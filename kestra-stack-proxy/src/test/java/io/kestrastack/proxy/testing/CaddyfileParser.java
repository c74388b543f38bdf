package io.kestrastack.proxy.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Caddyfile the way Caddy 2.6's lexer does, then groups tokens into directives by line: white space
 * separates tokens; {@code #} at the start of a token starts a comment; a token starting with {@code "} ends
 * at the next unescaped {@code "} and only {@code \"} is an escape inside it; a token starting with a
 * backtick ends at the next backtick, with no escapes. A line whose last token is an unquoted {@code {} opens
 * a block; a line holding only an unquoted {@code }} closes it.
 *
 * <p>Stricter than Caddy where the renderer must never go: any {@code {$} (environment substitution), any
 * unquoted brace elsewhere, a backslash outside quotes, a line continuation, and an unclosed block (which
 * Caddy 2.6 silently accepts) throw {@link ParseException}.
 */
public final class CaddyfileParser {

    /** A Caddyfile this parser refuses. */
    public static final class ParseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ParseException(String message, int line) {
            super("line " + line + ": " + message);
        }
    }

    /**
     * One token.
     *
     * @param text the token's value
     * @param quote {@code 0}, {@code '"'} or {@code '`'}
     * @param line its 1-based line
     */
    public record Token(String text, char quote, int line) {
        boolean is(String bare) {
            return quote == 0 && text.equals(bare);
        }
    }

    private CaddyfileParser() {}

    /** The tokens of {@code text}. */
    public static List<Token> tokens(String text) {
        int envAt = text.indexOf("{$");
        if (envAt >= 0) {
            throw new ParseException("environment substitution '{$' found", lineOf(text, envAt));
        }
        List<Token> out = new ArrayList<>();
        int line = 1;
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (ch == '\n') {
                line++;
                i++;
                continue;
            }
            if (Character.isWhitespace(ch)) {
                i++;
                continue;
            }
            if (ch == '#') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            int startLine = line;
            StringBuilder val = new StringBuilder();
            if (ch == '"') {
                i++;
                boolean escaped = false;
                while (true) {
                    if (i >= text.length()) {
                        throw new ParseException("unterminated quoted token", startLine);
                    }
                    char c = text.charAt(i++);
                    if (!escaped && c == '\\') {
                        escaped = true;
                        continue;
                    }
                    if (escaped) {
                        if (c != '"') {
                            val.append('\\');
                        }
                        escaped = false;
                    } else if (c == '"') {
                        break;
                    }
                    if (c == '\n') {
                        line++;
                    }
                    val.append(c);
                }
                out.add(new Token(val.toString(), '"', startLine));
                continue;
            }
            if (ch == '`') {
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw new ParseException("unterminated backtick token", startLine);
                    }
                    char c = text.charAt(i++);
                    if (c == '`') {
                        break;
                    }
                    if (c == '\n') {
                        line++;
                    }
                    val.append(c);
                }
                out.add(new Token(val.toString(), '`', startLine));
                continue;
            }
            while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                char c = text.charAt(i++);
                if (c == '\\') {
                    throw new ParseException("backslash outside quotes", startLine);
                }
                val.append(c);
            }
            out.add(new Token(val.toString(), (char) 0, startLine));
        }
        return out;
    }

    /** The directives of {@code text}, under a root; the global options block is a directive named {@code ""}. */
    public static Directive parse(String text) {
        List<Token> tokens = tokens(text);
        List<List<Token>> lines = new ArrayList<>();
        for (Token t : tokens) {
            if (lines.isEmpty() || lines.get(lines.size() - 1).get(0).line() != t.line()) {
                lines.add(new ArrayList<>());
            }
            lines.get(lines.size() - 1).add(t);
        }
        int[] index = {0};
        List<Directive> top = block(lines, index, false);
        return Directive.root(top);
    }

    private static List<Directive> block(List<List<Token>> lines, int[] index, boolean inner) {
        List<Directive> out = new ArrayList<>();
        while (index[0] < lines.size()) {
            List<Token> line = lines.get(index[0]++);
            int n = line.size();
            int lineNo = line.get(0).line();
            if (n == 1 && line.get(0).is("}")) {
                if (!inner) {
                    throw new ParseException("unexpected '}'", lineNo);
                }
                return out;
            }
            boolean opens = line.get(n - 1).is("{");
            int last = opens ? n - 1 : n;
            for (int k = 0; k < last; k++) {
                Token t = line.get(k);
                if (t.quote() == 0 && (t.text().contains("{") || t.text().contains("}"))) {
                    throw new ParseException("unquoted brace in '" + t.text() + "'", lineNo);
                }
            }
            String name = last == 0 ? "" : line.get(0).text();
            List<String> args = new ArrayList<>();
            for (int k = 1; k < last; k++) {
                args.add(line.get(k).text());
            }
            if (opens) {
                out.add(new Directive(name, args, block(lines, index, true), lineNo));
            } else {
                out.add(new Directive(name, args, null, lineNo));
            }
        }
        if (inner) {
            throw new ParseException("block not closed before the end of the file", lines.isEmpty() ? 0
                    : lines.get(lines.size() - 1).get(0).line());
        }
        return out;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
