package io.kestrastack.testing;

import io.kestrastack.render.RenderedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Rendered files written into a fresh temporary directory, with their modes, for the real tools to read.
 * Deleted again by {@link #close()}.
 */
public final class BundleDir implements AutoCloseable {

    private final Path root;

    private BundleDir(Path root) {
        this.root = root;
    }

    /** Writes {@code files} (relative paths, created with their parent directories) into a new directory. */
    public static BundleDir write(List<RenderedFile> files) {
        try {
            Path root = Files.createTempDirectory("kestra-stack-bundle");
            for (RenderedFile f : files) {
                Path target = root.resolve(f.path()).normalize();
                if (!target.startsWith(root)) {
                    throw new AssertionError("rendered file escapes the bundle: " + f.path());
                }
                Files.createDirectories(target.getParent());
                Files.writeString(target, f.content(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(target, permissions(f.mode()));
            }
            return new BundleDir(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory. */
    public Path root() {
        return root;
    }

    /** A file of the bundle. */
    public Path file(String relativePath) {
        return root.resolve(relativePath);
    }

    @Override
    public void close() {
        delete(root);
    }

    /** Deletes a directory tree. */
    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE
        };
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                out.add(order[i]);
            }
        }
        return out;
    }
}
