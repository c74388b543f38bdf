package io.kestrastack.lint.internal;

import io.kestrastack.lint.Rule;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The text of one file: decoded as UTF-8, without a byte order mark, with {@code \r\n} turned into
 * {@code \n} (line numbers do not change).
 *
 * @param path the file as reported in findings
 * @param text the text
 */
public record Source(String path, String text) {

    public Source {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(text, "text");
    }

    /**
     * Decodes {@code bytes}; reports {@link Rule#FILE_NOT_TEXT} with the line of the first bad byte and
     * returns null when they are not UTF-8 text.
     */
    public static @Nullable Source decode(String path, byte[] bytes, Report report) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int bad = in.position();
            report.add(Rule.FILE_NOT_TEXT, path, 1 + count(bytes, bad),
                    "byte " + (bad + 1) + " is not valid UTF-8; the file is binary or in another encoding");
            return null;
        }
        out.flip();
        return ofText(path, out.toString(), report);
    }

    /**
     * Wraps text already in memory; reports {@link Rule#FILE_NOT_TEXT} and returns null when it holds a NUL
     * character, the mark of a binary file.
     */
    public static @Nullable Source ofText(String path, String text, Report report) {
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            report.add(Rule.FILE_NOT_TEXT, path, lineAt(text, nul),
                    "the file contains a NUL character; it is binary, not a configuration file");
            return null;
        }
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return new Source(path, t.replace("\r\n", "\n"));
    }

    /** The 1-based line of character {@code offset}. */
    public int lineAt(int offset) {
        return lineAt(text, offset);
    }

    /** The text of 1-based line {@code line}, without its line break; empty if out of range. */
    public String lineText(int line) {
        int start = 0;
        for (int l = 1; l < line; l++) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                return "";
            }
            start = nl + 1;
        }
        int end = text.indexOf('\n', start);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    /** The 1-based line of character {@code offset} in {@code text}. */
    public static int lineAt(String text, int offset) {
        int line = 1;
        int end = Math.min(offset, text.length());
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int count(byte[] bytes, int end) {
        int n = 0;
        for (int i = 0; i < end && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                n++;
            }
        }
        return n;
    }
}
