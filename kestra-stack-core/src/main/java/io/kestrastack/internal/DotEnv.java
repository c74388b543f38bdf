package io.kestrastack.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code .env} file the way Compose v2 does for the forms this library writes and the common
 * hand-written ones: comments, blank lines, an optional {@code export}, {@code KEY=value},
 * single-quoted literals, double-quoted values with {@code \n}, {@code \"} and {@code \\} escapes,
 * and unquoted values cut at a {@code #} that follows white space. Variable references inside values
 * are kept as written (this reader is for keeping values, not for running a shell).
 */
public final class DotEnv {

    /** One assignment, with the 1-based line it starts on. */
    public record Entry(String name, String value, int line) {}

    /** A line that could not be read. */
    public record Problem(int line, String message) {}

    /** The result of reading a file. */
    public record Result(List<Entry> entries, List<Problem> problems) {
        /** The values by name; a later assignment wins, as in Compose. */
        public Map<String, String> values() {
            Map<String, String> out = new LinkedHashMap<>();
            for (Entry e : entries) {
                out.put(e.name(), e.value());
            }
            return out;
        }
    }

    private DotEnv() {}

    /** Reads {@code text}; never throws for bad content, which is reported as problems instead. */
    public static Result parse(String text) {
        List<Entry> entries = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ") || line.startsWith("export\t")) {
                line = line.substring(7).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                problems.add(new Problem(lineNo, "expected NAME=value"));
                continue;
            }
            String name = line.substring(0, eq).strip();
            if (!name.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                problems.add(new Problem(lineNo, "'" + name + "' is not a variable name"));
                continue;
            }
            String rest = line.substring(eq + 1).stripLeading();
            if (rest.startsWith("'") || rest.startsWith("\"")) {
                char quote = rest.charAt(0);
                StringBuilder raw = new StringBuilder();
                int startLine = lineNo;
                String current = rest.substring(1);
                int close = closingQuote(current, quote);
                while (close < 0 && i + 1 < lines.length) {
                    raw.append(current).append('\n');
                    i++;
                    current = lines[i];
                    close = closingQuote(current, quote);
                }
                if (close < 0) {
                    problems.add(new Problem(startLine, "unterminated quoted value of " + name));
                    continue;
                }
                raw.append(current, 0, close);
                String trailing = current.substring(close + 1).strip();
                if (!trailing.isEmpty() && !trailing.startsWith("#")) {
                    problems.add(new Problem(i + 1, "unexpected text after the closing quote of " + name));
                    continue;
                }
                String value = quote == '\'' ? raw.toString() : unescapeDouble(raw.toString());
                entries.add(new Entry(name, value, startLine));
            } else {
                String value = rest;
                for (int j = 0; j < value.length(); j++) {
                    if (value.charAt(j) == '#' && (j == 0 || Character.isWhitespace(value.charAt(j - 1)))) {
                        value = value.substring(0, j);
                        break;
                    }
                }
                entries.add(new Entry(name, value.strip(), lineNo));
            }
        }
        return new Result(entries, problems);
    }

    private static int closingQuote(String s, char quote) {
        for (int j = 0; j < s.length(); j++) {
            if (s.charAt(j) == quote && (j == 0 || s.charAt(j - 1) != '\\')) {
                return j;
            }
        }
        return -1;
    }

    private static String unescapeDouble(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int j = 0; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\' && j + 1 < s.length()) {
                char n = s.charAt(j + 1);
                switch (n) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case '"', '\\' -> out.append(n);
                    default -> out.append(c).append(n);
                }
                j++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
