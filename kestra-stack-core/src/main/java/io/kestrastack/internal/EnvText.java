package io.kestrastack.internal;

/**
 * Text rules for the {@code .env} file. Values are single-quoted, which both Compose v2 and Compose v1
 * read literally as long as the value holds no single quote, backslash or line break (the secret checks
 * refuse those; base64 never has them).
 */
public final class EnvText {

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final java.util.regex.Pattern LINE_BREAKS = java.util.regex.Pattern.compile("[\\r\\n]+");

    private EnvText() {}

    /** {@code NAME='value'}. */
    public static String assignment(String name, String value) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a variable name");
        }
        if (!representable(value)) {
            throw new IllegalArgumentException("value of " + name + " cannot be single-quoted in .env");
        }
        return name + "='" + value + "'";
    }

    /** Whether a value can be written single-quoted and read back exactly. */
    public static boolean representable(String value) {
        return value.indexOf('\'') < 0 && value.indexOf('\\') < 0
                && value.codePoints().noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029);
    }

    /** A comment line; line breaks in {@code text} become spaces. */
    public static String comment(String text) {
        return "# " + LINE_BREAKS.matcher(text).replaceAll(" ");
    }
}
