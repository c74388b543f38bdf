package io.kestrastack.proxy.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads an nginx configuration the way nginx's own {@code ngx_conf_read_token} does: white space between
 * arguments, {@code ;} and {@code {} ending a directive, {@code }} closing a block, {@code #} comments only at
 * the start of an argument, single and double quotes only at the start of an argument, a backslash making
 * the next character literal while scanning, and {@code \"}, {@code \'}, {@code \\}, {@code \t}, {@code \r},
 * {@code \n} unescaped in every argument. Anything nginx would reject throws {@link ParseException}.
 * Variables are left as written.
 */
public final class NginxConfParser {

    /** A syntax error nginx would also report. */
    public static final class ParseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ParseException(String message, int line) {
            super("line " + line + ": " + message);
        }
    }

    private final String text;
    private int pos;
    private int line = 1;

    private NginxConfParser(String text) {
        this.text = text;
    }

    /** The top-level directives, under a root. */
    public static Directive parse(String text) {
        NginxConfParser p = new NginxConfParser(text);
        List<Directive> top = p.block(false);
        return Directive.root(top);
    }

    private enum End { SEMICOLON, BLOCK_START, BLOCK_DONE, FILE_DONE }

    private List<Directive> block(boolean inner) {
        List<Directive> out = new ArrayList<>();
        while (true) {
            List<String> args = new ArrayList<>();
            int[] startLine = {line};
            End end = readDirective(args, startLine);
            switch (end) {
                case SEMICOLON -> out.add(new Directive(args.get(0), args.subList(1, args.size()), null, startLine[0]));
                case BLOCK_START -> {
                    List<Directive> children = block(true);
                    out.add(new Directive(args.get(0), args.subList(1, args.size()), children, startLine[0]));
                }
                case BLOCK_DONE -> {
                    if (!inner) {
                        throw new ParseException("unexpected \"}\"", line);
                    }
                    return out;
                }
                case FILE_DONE -> {
                    if (inner) {
                        throw new ParseException("unexpected end of file, expecting \"}\"", line);
                    }
                    return out;
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    private End readDirective(List<String> args, int[] startLine) {
        boolean lastSpace = true;
        boolean needSpace = false;
        boolean sharpComment = false;
        boolean quoted = false;
        boolean sQuoted = false;
        boolean dQuoted = false;
        boolean variable = false;
        int start = pos;
        while (true) {
            if (pos >= text.length()) {
                if (!args.isEmpty() || !lastSpace) {
                    throw new ParseException("unexpected end of file, expecting \";\" or \"}\"", line);
                }
                return End.FILE_DONE;
            }
            char ch = text.charAt(pos++);
            if (ch == '\n') {
                line++;
                if (sharpComment) {
                    sharpComment = false;
                }
            }
            if (sharpComment) {
                continue;
            }
            if (quoted) {
                quoted = false;
                continue;
            }
            if (needSpace) {
                if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
                    lastSpace = true;
                    needSpace = false;
                    continue;
                }
                if (ch == ';') {
                    return End.SEMICOLON;
                }
                if (ch == '{') {
                    return End.BLOCK_START;
                }
                if (ch == ')') {
                    lastSpace = true;
                    needSpace = false;
                } else {
                    throw new ParseException("unexpected \"" + ch + "\"", line);
                }
            }
            if (lastSpace) {
                start = pos - 1;
                if (args.isEmpty()) {
                    startLine[0] = line;
                }
                if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
                    continue;
                }
                switch (ch) {
                    case ';', '{' -> {
                        if (args.isEmpty()) {
                            throw new ParseException("unexpected \"" + ch + "\"", line);
                        }
                        return ch == '{' ? End.BLOCK_START : End.SEMICOLON;
                    }
                    case '}' -> {
                        if (!args.isEmpty()) {
                            throw new ParseException("unexpected \"}\"", line);
                        }
                        return End.BLOCK_DONE;
                    }
                    case '#' -> {
                        sharpComment = true;
                        continue;
                    }
                    case '\\' -> {
                        quoted = true;
                        lastSpace = false;
                        continue;
                    }
                    case '"' -> {
                        start++;
                        dQuoted = true;
                        lastSpace = false;
                        continue;
                    }
                    case '\'' -> {
                        start++;
                        sQuoted = true;
                        lastSpace = false;
                        continue;
                    }
                    case '$' -> {
                        variable = true;
                        lastSpace = false;
                        continue;
                    }
                    default -> lastSpace = false;
                }
            } else {
                if (ch == '{' && variable) {
                    continue;
                }
                variable = false;
                if (ch == '\\') {
                    quoted = true;
                    continue;
                }
                if (ch == '$') {
                    variable = true;
                    continue;
                }
                boolean found = false;
                if (dQuoted) {
                    if (ch == '"') {
                        dQuoted = false;
                        needSpace = true;
                        found = true;
                    }
                } else if (sQuoted) {
                    if (ch == '\'') {
                        sQuoted = false;
                        needSpace = true;
                        found = true;
                    }
                } else if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == ';' || ch == '{') {
                    lastSpace = true;
                    found = true;
                }
                if (found) {
                    args.add(unescape(text.substring(start, pos - 1)));
                    if (ch == ';') {
                        return End.SEMICOLON;
                    }
                    if (ch == '{') {
                        return End.BLOCK_START;
                    }
                }
            }
        }
    }

    private static String unescape(String raw) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char n = raw.charAt(i + 1);
                switch (n) {
                    case '"', '\'', '\\' -> {
                        out.append(n);
                        i++;
                        continue;
                    }
                    case 't' -> {
                        out.append('\t');
                        i++;
                        continue;
                    }
                    case 'r' -> {
                        out.append('\r');
                        i++;
                        continue;
                    }
                    case 'n' -> {
                        out.append('\n');
                        i++;
                        continue;
                    }
                    default -> {
                        // kept as written
                    }
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
