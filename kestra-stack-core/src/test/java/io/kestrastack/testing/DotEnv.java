package io.kestrastack.testing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose v2's reader of {@code .env} files, written after compose-go's {@code dotenv} parser (v2.13), so
 * that tests can check what Compose will read from a rendered {@code .env}:
 *
 * <ul>
 *   <li>blank lines and lines starting with {@code #} are skipped; {@code export } before a name is
 *       ignored; {@code NAME=value} and {@code NAME: value} both assign; a bare {@code NAME} takes the
 *       value from the shell environment, if set there;</li>
 *   <li>single-quoted values are literal: nothing is expanded, and only {@code \'} loses its backslash;</li>
 *   <li>double-quoted values lose the backslash of {@code \"}, then {@code \n \r \t \a \b \f \v \\ \"}
 *       and octal {@code \0NNN} escapes are decoded, {@code \$} stays a literal {@code $}, and the result
 *       is interpolated like a Compose string ({@link ComposeTemplate});</li>
 *   <li>unquoted values run to the end of the line, lose everything from the first {@code " #"} on and
 *       trailing white space, and are interpolated;</li>
 *   <li>quoted values may span lines; text after the closing quote up to the end of the line is read as
 *       the start of the next statement (so {@code # comment} is skipped);</li>
 *   <li>interpolation sees the shell environment first, then the variables defined earlier in the file.</li>
 * </ul>
 */
public final class DotEnv {

    /** A file Compose would refuse to read. */
    public static final class DotEnvException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        DotEnvException(String message) {
            super(message);
        }
    }

    private static final Pattern EXPORT = Pattern.compile("^export\\s+");
    private static final Pattern ESCAPE = Pattern.compile("\\\\(?:[abcfnrtv$\"\\\\]|0[0-9]{0,3})");

    private final ComposeTemplate.Lookup shell;
    private final Consumer<String> onMissing;
    private final Map<String, String> values = new LinkedHashMap<>();
    private int line = 1;

    private DotEnv(ComposeTemplate.Lookup shell, Consumer<String> onMissing) {
        this.shell = shell;
        this.onMissing = onMissing;
    }

    /**
     * Parses {@code text} with an empty shell environment, failing on a reference to an unset variable.
     *
     * @throws DotEnvException if Compose would refuse the file
     */
    public static Map<String, String> parse(String text) {
        return parse(text, name -> Optional.empty(), name -> {
            throw new DotEnvException("variable " + name + " is not set");
        });
    }

    /**
     * Parses {@code text}.
     *
     * @param shell the shell environment, seen first by interpolation and by bare names
     * @param onMissing told every variable an interpolation could not find
     * @return the variables in file order (a later assignment replaces an earlier one's value)
     * @throws DotEnvException if Compose would refuse the file
     */
    public static Map<String, String> parse(String text, ComposeTemplate.Lookup shell, Consumer<String> onMissing) {
        DotEnv reader = new DotEnv(shell, onMissing);
        String src = text.startsWith("\uFEFF") ? text.substring(1) : text;
        while (true) {
            src = reader.statementStart(src);
            if (src.isEmpty()) {
                break;
            }
            src = reader.statement(src);
        }
        return Collections.unmodifiableMap(reader.values);
    }

    private String statementStart(String src) {
        String s = src;
        while (true) {
            int pos = indexOfNonSpace(s);
            if (pos < 0) {
                return "";
            }
            s = s.substring(pos);
            if (s.charAt(0) != '#') {
                return s;
            }
            int nl = s.indexOf('\n');
            if (nl < 0) {
                return "";
            }
            s = s.substring(nl);
        }
    }

    private int indexOfNonSpace(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp == '\n') {
                line++;
            }
            if (!goIsSpace(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    private String statement(String src) {
        String s = src;
        if (EXPORT.matcher(s).find()) {
            s = trimLeftSpace(s.substring("export".length()));
        }
        String key = "";
        int offset = 0;
        boolean inherited = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (isSpace(cp)) {
                i = next;
                continue;
            }
            if (cp == '=' || cp == ':' || cp == '\n') {
                key = s.substring(0, i);
                offset = i + 1;
                inherited = cp == '\n';
                break;
            }
            if (!isKeyCodePoint(cp)) {
                throw new DotEnvException("line " + line + ": unexpected character '" + new String(Character.toChars(cp))
                        + "' in variable name");
            }
            i = next;
        }
        if (inherited && key.indexOf(' ') < 0) {
            line++;
        }
        String name = trimRightGoSpace(key);
        String rest = trimLeftSpace(s.substring(offset));
        if (name.contains(" ")) {
            throw new DotEnvException("line " + line + ": key cannot contain a space");
        }
        if (inherited) {
            shell.find(name).ifPresent(v -> values.put(name, v));
            return rest;
        }
        return value(name, rest);
    }

    private String value(String key, String src) {
        char quote = src.isEmpty() ? 0 : src.charAt(0);
        if (quote != '\'' && quote != '"') {
            int nl = src.indexOf('\n');
            String raw = nl < 0 ? src : src.substring(0, nl);
            String rest = nl < 0 ? "" : src.substring(nl + 1);
            line++;
            int comment = raw.indexOf(" #");
            if (comment >= 0) {
                raw = raw.substring(0, comment);
            }
            values.put(key, interpolate(trimRightGoSpace(raw)));
            return rest;
        }
        StringBuilder chars = new StringBuilder();
        boolean escaped = false;
        for (int i = 1; i < src.length(); i++) {
            char c = src.charAt(i);
            if (c == '\n') {
                line++;
            }
            if (escaped) {
                escaped = false;
                if (c != quote) {
                    chars.append('\\');
                }
                chars.append(c);
                continue;
            }
            if (c == '\\') {
                escaped = true;
            } else if (c == quote) {
                String value = chars.toString();
                if (quote == '"') {
                    value = interpolate(expandEscapes(value));
                }
                values.put(key, value);
                return src.substring(i + 1);
            } else {
                chars.append(c);
            }
        }
        int end = src.indexOf('\n');
        throw new DotEnvException("line " + line + ": unterminated quoted value " + (end < 0 ? src : src.substring(0, end)));
    }

    private String interpolate(String value) {
        return ComposeTemplate.substitute(value, name -> {
            Optional<String> fromShell = shell.find(name);
            return fromShell.isPresent() ? fromShell : Optional.ofNullable(values.get(name));
        }, onMissing);
    }

    /** Decodes the escapes of a double-quoted value; {@code \$} becomes {@code $$} for the interpolation. */
    static String expandEscapes(String value) {
        Matcher m = ESCAPE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(decode(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String decode(String escape) {
        if (escape.equals("\\$")) {
            return "$$";
        }
        String e = escape.startsWith("\\0") ? "\\" + escape.substring(2) : escape;
        if (e.length() == 2) {
            switch (e.charAt(1)) {
                case 'a': return "\u0007";
                case 'b': return "\b";
                case 'f': return "\f";
                case 'n': return "\n";
                case 'r': return "\r";
                case 't': return "\t";
                case 'v': return "\u000B";
                case '\\': return "\\";
                case '"': return "\"";
                default: return e; // "\c" and an octal escape with no digits are not escapes to Go
            }
        }
        // Go reads an octal escape only with exactly three digits 0-7 and a value below 256.
        if (e.length() == 4 && e.substring(1).chars().allMatch(c -> c >= '0' && c <= '7')) {
            int code = Integer.parseInt(e.substring(1), 8);
            if (code < 256) {
                return new String(Character.toChars(code));
            }
        }
        return e;
    }

    /** Go's {@code unicode.IsSpace}: ASCII white space, NEL, NBSP and the Unicode space separators. */
    static boolean goIsSpace(int cp) {
        switch (cp) {
            case '\t': case '\n': case 0x0B: case '\f': case '\r': case ' ': case 0x85: case 0xA0:
                return true;
            default:
                return cp > 0xFF && Character.isSpaceChar(cp);
        }
    }

    /** compose-go's {@code isSpace}: white space that is not a line break. */
    private static boolean isSpace(int cp) {
        return cp == '\t' || cp == 0x0B || cp == '\f' || cp == '\r' || cp == ' ' || cp == 0x85 || cp == 0xA0;
    }

    private static boolean isKeyCodePoint(int cp) {
        if (cp == '_' || cp == '.' || cp == '-' || cp == '[' || cp == ']') {
            return true;
        }
        int type = Character.getType(cp);
        return Character.isLetter(cp) || type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    private static String trimLeftSpace(String s) {
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (!isSpace(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return s.substring(i);
    }

    private static String trimRightGoSpace(String s) {
        int end = s.length();
        while (end > 0) {
            int cp = s.codePointBefore(end);
            if (!goIsSpace(cp)) {
                break;
            }
            end -= Character.charCount(cp);
        }
        return s.substring(0, end);
    }
}
