package io.kestrastack.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one production reader of {@code .env} files (the bundle writer, {@code validate} and the linter all
 * use it), following the grammar of Compose v2's dotenv parser: {@code [export] NAME=value} or
 * {@code NAME: value} statements, {@code #} comment lines, values unquoted (up to the line end, cut at
 * {@code " #"}, trailing white space trimmed), single-quoted (literal, may span lines) or double-quoted
 * (escapes {@code \n \r \t \\ \" \$} and octal, may span lines). A bare {@code NAME} takes its value from
 * the shell. The first statement that cannot be read is reported and ends the reading, as in Compose.
 *
 * <p>Values are returned as written after unquoting; unquoted and double-quoted values are interpolation
 * templates (Compose substitutes {@code $VAR} in them; {@code \$} in a double-quoted value becomes
 * {@code $$}, the template form of a literal dollar). Interpolating them is left to the caller.
 *
 * <p>Secrets: a {@link Problem} message never contains text of the file other than a variable name that
 * is a {@linkplain #isPrintableName(String) valid name}, so problems are safe to print.
 */
public final class DotEnv {

    /** Longest {@code .env} file read (larger ones are a problem, not a value). */
    public static final int MAX_CHARS = 1 << 20;

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** How a value was written. */
    public enum Quoting {
        /** {@code NAME=value}: interpolated. */
        NONE,
        /** {@code NAME='value'}: literal. */
        SINGLE,
        /** {@code NAME="value"}: escapes, then interpolated. */
        DOUBLE,
        /** {@code NAME} alone: the value comes from the shell. */
        BARE
    }

    /**
     * One statement.
     *
     * @param name the variable name
     * @param value the value after unquoting (see the class comment), or null for {@link Quoting#BARE}
     * @param quoting how the value was written
     * @param line the 1-based line the statement starts on
     * @param valueLine the line the value starts on
     * @param endLine the last line the statement covers (a quoted value may span lines)
     */
    public record Entry(String name, @Nullable String value, Quoting quoting, int line, int valueLine, int endLine) {
        /** Whether Compose substitutes variables in this value. */
        public boolean interpolated() {
            return quoting == Quoting.NONE || quoting == Quoting.DOUBLE;
        }

        @Override
        public String toString() {
            return "Entry[" + name + ", line " + line + "]";
        }
    }

    /** A statement that could not be read; the message quotes nothing but valid variable names. */
    public record Problem(int line, String message) {}

    /** The result of reading a file. */
    public record Result(List<Entry> entries, List<Problem> problems) {
        public Result {
            entries = List.copyOf(entries);
            problems = List.copyOf(problems);
        }

        /** The values by name (bare names left out); a later assignment wins, as in Compose. */
        public Map<String, String> values() {
            Map<String, String> out = new LinkedHashMap<>();
            for (Entry e : entries) {
                if (e.value() != null) {
                    out.put(e.name(), e.value());
                }
            }
            return out;
        }

        /** The line of the first problem, or {@code Integer.MAX_VALUE} when the whole file was read. */
        public int firstProblemLine() {
            return problems.isEmpty() ? Integer.MAX_VALUE : problems.get(0).line();
        }
    }

    private DotEnv() {}

    /** Whether {@code name} is a portable variable name, and so may be printed. */
    public static boolean isPrintableName(String name) {
        return NAME.matcher(name).matches();
    }

    /**
     * {@code name} if it may be printed, else a neutral placeholder. The name of a {@link Quoting#BARE}
     * entry is never printed: a line holding only a pasted secret reads as one.
     */
    public static String printableName(String name) {
        return isPrintableName(name) ? name : "a variable";
    }

    /** Reads {@code text}; never throws for bad content, which is reported as problems instead. */
    public static Result parse(String text) {
        if (text.length() > MAX_CHARS) {
            return new Result(List.of(), List.of(new Problem(1, "the file is larger than " + MAX_CHARS
                    + " characters, too large for a .env file")));
        }
        return new Parser(text).parse();
    }

    /**
     * {@code text} with every value, and every line that is not a blank line, removed: each readable
     * statement becomes {@code NAME=<redacted>} (or {@code <redacted>} when its name is not a valid name),
     * its continuation lines disappear, and anything else (comments included, and everything from the
     * first unreadable line on) becomes {@code <redacted>}, except comment lines listed in {@code ownLines}
     * (text kestra-stack itself writes). For diffs and logs.
     */
    public static String redact(String text, java.util.Set<String> ownLines) {
        String[] lines = text.split("\n", -1);
        Result parsed = parse(text);
        Map<Integer, Entry> starts = new LinkedHashMap<>();
        boolean[] covered = new boolean[lines.length + 2];
        for (Entry e : parsed.entries()) {
            starts.put(e.line(), e);
            for (int l = e.line(); l <= e.endLine() && l <= lines.length; l++) {
                covered[l] = true;
            }
        }
        int stop = parsed.firstProblemLine();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            Entry start = starts.get(lineNo);
            if (start != null && lineNo < stop) {
                // a bare NAME line may be a pasted secret that happens to look like a name: not printed
                boolean printable = isPrintableName(start.name()) && start.quoting() != Quoting.BARE;
                out.append(printable ? start.name() + "=<redacted>" : "<redacted>").append('\n');
            } else if (covered[lineNo] && lineNo < stop) {
                continue;
            } else if (line.isBlank()) {
                out.append(line).append('\n');
            } else if (lineNo < stop && line.strip().startsWith("#") && ownLines.contains(line)) {
                out.append(line).append('\n');
            } else {
                out.append("<redacted>").append('\n');
            }
        }
        return out.substring(0, Math.max(0, out.length() - 1));
    }

    private static final class Parser {
        private final String text;
        private final List<Entry> entries = new ArrayList<>();
        private final List<Problem> problems = new ArrayList<>();
        private final int[] lineStarts;
        private int pos;

        Parser(String text) {
            this.text = text;
            List<Integer> starts = new ArrayList<>();
            starts.add(0);
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    starts.add(i + 1);
                }
            }
            lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        }

        Result parse() {
            while (true) {
                skipBlankAndComments();
                if (pos >= text.length() || !statement()) {
                    break;
                }
            }
            return new Result(entries, problems);
        }

        private int lineAt(int offset) {
            int lo = 0;
            int hi = lineStarts.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (lineStarts[mid] <= offset) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return lo + 1;
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

        /** Reads one statement; false after recording a problem. */
        private boolean statement() {
            int line = lineAt(pos);
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
                    // the character itself is not quoted: the "name" may be the start of a pasted secret
                    return problem(line, "unexpected character at column " + (pos - lineStarts[line - 1] + 1)
                            + " where a variable name should be");
                }
                pos++;
            }
            String key = text.substring(keyStart, pos).strip();
            if (key.isEmpty()) {
                return problem(line, "a value without a variable name");
            }
            if (key.chars().anyMatch(ch -> isSpace((char) ch))) {
                return problem(line, "a variable name with a space in it");
            }
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                entries.add(new Entry(key, null, Quoting.BARE, line, line, line));
                return true;
            }
            pos++;
            while (pos < text.length() && isSpace(text.charAt(pos))) {
                pos++;
            }
            int valueLine = lineAt(Math.min(pos, text.length()));
            char quote = pos < text.length() ? text.charAt(pos) : '\0';
            if (quote == '\'' || quote == '"') {
                StringBuilder value = new StringBuilder();
                boolean escaped = false;
                boolean closed = false;
                int i = pos + 1;
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
                    return problem(line, "the " + (quote == '"' ? "double" : "single") + "-quoted value of "
                            + printableName(key) + " is never closed");
                }
                pos = i + 1;
                int endLine = lineAt(i);
                int nl = text.indexOf('\n', pos);
                String trailing = text.substring(pos, nl < 0 ? text.length() : nl).strip();
                if (!trailing.isEmpty() && !trailing.startsWith("#")) {
                    return problem(endLine, "unexpected text after the closing quote of " + printableName(key));
                }
                String raw = quote == '"' ? unescape(value.toString()) : value.toString();
                entries.add(new Entry(key, raw, quote == '"' ? Quoting.DOUBLE : Quoting.SINGLE, line, valueLine, endLine));
                return true;
            }
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? text.length() : nl;
            String value = text.substring(pos, end);
            int comment = value.indexOf(" #");
            if (comment >= 0) {
                value = value.substring(0, comment);
            }
            pos = end;
            entries.add(new Entry(key, value.stripTrailing(), Quoting.NONE, line, valueLine, valueLine));
            return true;
        }

        private boolean problem(int line, String message) {
            problems.add(new Problem(line, message));
            return false;
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
    }
}
