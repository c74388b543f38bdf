package io.kestrastack.proxy.testing;

/** Reads the value of a {@code name='value'} shell assignment as POSIX sh does for single quotes. */
public final class ShellWords {

    private ShellWords() {}

    /** The value assigned to {@code name} on the script's first line that assigns it. */
    public static String assignment(String script, String name) {
        for (String line : script.split("\n", -1)) {
            if (line.startsWith(name + "=")) {
                return word(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no assignment to " + name);
    }

    /** One word made of single-quoted parts and {@code \'}, with nothing after it. */
    static String word(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new AssertionError("unterminated quote in " + text);
                }
                out.append(text, i + 1, end);
                i = end + 1;
            } else if (c == '\\' && i + 1 < text.length()) {
                out.append(text.charAt(i + 1));
                i += 2;
            } else {
                throw new AssertionError("unquoted '" + c + "' in " + text);
            }
        }
        return out.toString();
    }
}
