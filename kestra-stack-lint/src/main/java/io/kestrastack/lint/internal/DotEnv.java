package io.kestrastack.lint.internal;

import io.kestrastack.lint.Rule;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Compose project's {@code .env}, read the way Compose v2 reads it: {@code [export] NAME=value} (or
 * {@code NAME: value}) statements, {@code #} comment lines, values unquoted (up to the line end, cut at
 * {@code " #"}, trailing spaces trimmed), single-quoted (literal) or double-quoted (escapes
 * {@code \n \r \t \\ \" \$} and octal, then interpolation). Unquoted and double-quoted values are
 * interpolated with the variables defined above them. A bare {@code NAME} takes the value from the shell,
 * which the linter does not read: such a variable counts as defined with an unknown value.
 */
public final class DotEnv {

    /**
     * One variable.
     *
     * @param name the name
     * @param value the value after unquoting and interpolation, or null when it comes from the shell
     * @param line the line of the statement
     */
    public record Entry(String name, @Nullable String value, int line) {}

    private final Map<String, Entry> entries;

    private DotEnv(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** Variables in file order (a later definition replaces an earlier one). */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** Whether the file defines {@code name}. */
    public boolean defines(String name) {
        return entries.containsKey(name);
    }

    /** The value of {@code name}, or null when unset or only known to the shell. */
    public @Nullable String value(String name) {
        Entry e = entries.get(name);
        return e == null ? null : e.value();
    }

    /**
     * Lookup for {@link Interpolation}: defined variables with a known value give it; variables taken
     * from the shell give an empty marker that still counts as defined.
     */
    public @Nullable String lookup(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            return null;
        }
        return e.value() == null ? "" : e.value();
    }

    /** Reads {@code source}; a statement Compose cannot read is reported and ends the reading. */
    public static DotEnv parse(Source source, Report report) {
        return new Parser(source, report).parse();
    }

    private static final class Parser {
        private final Source source;
        private final String text;
        private final Report report;
        private final Map<String, Entry> entries = new LinkedHashMap<>();
        private int pos;

        Parser(Source source, Report report) {
            this.source = source;
            this.text = source.text();
            this.report = report;
        }

        DotEnv parse() {
            while (true) {
                skipBlankAndComments();
                if (pos >= text.length()) {
                    break;
                }
                if (!statement()) {
                    break;
                }
            }
            return new DotEnv(entries);
        }

        private void skipBlankAndComments() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (Character.isWhitespace(c) || c == '\u00a0' || c == '\u0085') {
                    pos++;
                } else if (c == '#') {
                    int nl = text.indexOf('\n', pos);
                    pos = nl < 0 ? text.length() : nl + 1;
                } else {
                    return;
                }
            }
        }

        /** Reads one statement; false after reporting an error. */
        private boolean statement() {
            int start = pos;
            int line = source.lineAt(start);
            if (text.startsWith("export", pos) && pos + 6 < text.length() && isSpace(text.charAt(pos + 6))) {
                pos += 6;
                while (pos < text.length() && isSpace(text.charAt(pos))) {
                    pos++;
                }
            }
            int keyStart = pos;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '=' || c == ':' || c == '\n') {
                    break;
                }
                if (!isSpace(c) && !isKeyChar(c)) {
                    error(line, "unexpected character '" + printable(c) + "' in a variable name");
                    return false;
                }
                pos++;
            }
            String key = text.substring(keyStart, pos).strip();
            if (key.isEmpty()) {
                error(line, "a value without a variable name");
                return false;
            }
            if (key.chars().anyMatch(ch -> isSpace((char) ch))) {
                error(line, "the variable name '" + key + "' contains a space");
                return false;
            }
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                // A bare NAME: Compose takes the value from the shell.
                entries.put(key, new Entry(key, null, line));
                return true;
            }
            pos++;
            while (pos < text.length() && isSpace(text.charAt(pos))) {
                pos++;
            }
            String raw;
            boolean interpolate;
            int valueStart = pos;
            char quote = pos < text.length() ? text.charAt(pos) : '\0';
            if (quote == '\'' || quote == '"') {
                StringBuilder value = new StringBuilder();
                boolean escaped = false;
                int i = pos + 1;
                boolean closed = false;
                for (; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (escaped) {
                        escaped = false;
                        if (c != quote) {
                            value.append('\\');
                        }
                        value.append(c);
                        continue;
                    }
                    if (c == '\\') {
                        escaped = true;
                    } else if (c == quote) {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) {
                    error(line, "the " + (quote == '"' ? "double" : "single") + "-quoted value of " + key
                            + " is never closed");
                    return false;
                }
                pos = i + 1;
                raw = quote == '"' ? unescape(value.toString()) : value.toString();
                interpolate = quote == '"';
            } else {
                int nl = text.indexOf('\n', pos);
                int end = nl < 0 ? text.length() : nl;
                String value = text.substring(pos, end);
                int comment = value.indexOf(" #");
                if (comment >= 0) {
                    value = value.substring(0, comment);
                }
                raw = value.stripTrailing();
                pos = end;
                interpolate = true;
            }
            String value = raw;
            if (interpolate) {
                Interpolation.Result r = Interpolation.apply(raw, this::lookup);
                int valueLine = source.lineAt(valueStart);
                if (r.invalidAt() >= 0) {
                    report.add(Rule.COMPOSE_INVALID_INTERPOLATION, source.path(), valueLine,
                            "the value of " + key + " has a '$' that Compose cannot interpolate, so Compose"
                                    + " refuses the file",
                            "single-quote the value ('...') so Compose reads it literally");
                }
                for (Interpolation.Reference ref : r.unguardedUndefined()) {
                    report.add(Rule.COMPOSE_UNESCAPED_DOLLAR, source.path(), valueLine,
                            "the value of " + key + " refers to $" + ref.name() + ", which is not defined above it;"
                                    + " Compose substitutes an empty string",
                            "single-quote the value ('...') if the '$' is literal, or define " + ref.name()
                                    + " earlier in .env");
                }
                value = r.value();
            }
            entries.put(key, new Entry(key, value, line));
            return true;
        }

        private @Nullable String lookup(String name) {
            Entry e = entries.get(name);
            if (e == null) {
                return null;
            }
            return e.value() == null ? "" : e.value();
        }

        private void error(int line, String message) {
            report.add(Rule.ENV_SYNTAX, source.path(), line, message + "; Compose cannot read .env");
        }

        private static String unescape(String value) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c != '\\' || i + 1 >= value.length()) {
                    out.append(c);
                    continue;
                }
                char n = value.charAt(i + 1);
                switch (n) {
                    case 'a' -> out.append('\u0007');
                    case 'b' -> out.append('\b');
                    case 'c' -> out.append("\\c");
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'v' -> out.append('\u000b');
                    case '$' -> out.append("$$");
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '0' -> {
                        int j = i + 2;
                        int code = 0;
                        while (j < value.length() && j < i + 5 && value.charAt(j) >= '0' && value.charAt(j) <= '7') {
                            code = code * 8 + (value.charAt(j) - '0');
                            j++;
                        }
                        out.append((char) code);
                        i = j - 2;
                    }
                    default -> out.append(c).append(n);
                }
                i++;
            }
            return out.toString();
        }

        private static boolean isSpace(char c) {
            return c == ' ' || c == '\t' || c == '\u000b' || c == '\f' || c == '\r' || c == '\u0085' || c == '\u00a0';
        }

        private static boolean isKeyChar(char c) {
            return c == '_' || c == '.' || c == '-' || c == '[' || c == ']' || Character.isLetterOrDigit(c);
        }

        private static String printable(char c) {
            return Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
        }
    }
}
