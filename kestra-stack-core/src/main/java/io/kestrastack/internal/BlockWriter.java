package io.kestrastack.internal;

/**
 * Writes brace-delimited configuration (Caddyfile, nginx): owns indentation and line breaks, refuses
 * unbalanced blocks, never indents blank lines, and ends the text with exactly one line break.
 * Callers pass already-escaped text.
 */
public final class BlockWriter {

    private final StringBuilder out = new StringBuilder();
    private final String unit;
    private int depth;

    /** A writer that indents each level with {@code unit} (a tab, or spaces). */
    public BlockWriter(String unit) {
        this.unit = unit;
    }

    /** One line at the current depth; an empty string gives a blank line. */
    public BlockWriter line(String text) {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a line may not contain a line break");
        }
        if (!text.isEmpty()) {
            out.append(unit.repeat(depth)).append(text);
        }
        out.append('\n');
        return this;
    }

    /** A blank line, unless the text is empty or already ends with one or opens a block. */
    public BlockWriter blank() {
        int n = out.length();
        if (n > 0 && !(n >= 2 && out.charAt(n - 2) == '\n') && out.charAt(n - 2) != '{') {
            out.append('\n');
        }
        return this;
    }

    /** Opens a block: <code>header {</code>, and one level deeper. */
    public BlockWriter open(String header) {
        line(header.isEmpty() ? "{" : header + " {");
        depth++;
        return this;
    }

    /** {@code }} one level up. */
    public BlockWriter close() {
        if (depth == 0) {
            throw new IllegalStateException("close() without open()");
        }
        depth--;
        return line("}");
    }

    /** The text, checked for balance. */
    public String finish() {
        if (depth != 0) {
            throw new IllegalStateException(depth + " block(s) left open");
        }
        String text = out.toString();
        while (text.endsWith("\n\n")) {
            text = text.substring(0, text.length() - 1);
        }
        return text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
    }
}
