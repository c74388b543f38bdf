package io.kestrastack.render;

import java.util.Objects;

/**
 * One rendered file: where it goes in the bundle, its text and its permissions.
 *
 * @param path relative path with {@code /} separators, for example {@code docker-compose.yml}
 * @param content the file's text, lines ending in {@code \n}
 * @param mode POSIX permission bits, {@code 0644} for ordinary files and {@code 0600} for files
 *     holding secrets
 */
public record RenderedFile(String path, String content, int mode) {

    /** Permissions of ordinary files. */
    public static final int PUBLIC = 0644;
    /** Permissions of files that hold secrets. */
    public static final int PRIVATE = 0600;

    public RenderedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("..")
                || path.contains("//")) {
            throw new IllegalArgumentException("a rendered file needs a plain relative path");
        }
        if ((mode & ~0777) != 0) {
            throw new IllegalArgumentException("mode must be permission bits only");
        }
    }

    /** A file with mode {@code 0644}. */
    public static RenderedFile of(String path, String content) {
        return new RenderedFile(path, content, PUBLIC);
    }

    /** Whether the file holds secrets (no permission for group or others). */
    public boolean isPrivate() {
        return (mode & 077) == 0;
    }

    /** Path, size and mode; never the content, which may hold secrets. */
    @Override
    public String toString() {
        return "RenderedFile[" + path + ", " + content.length() + " chars, mode " + Integer.toOctalString(mode) + "]";
    }
}
