package io.kestrastack.bundle;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Keeps every file operation of the bundle writer inside the bundle directory. Paths come from the
 * bundle itself and from its state ({@code .kestra-stack/commit}, the manifest), which another local user
 * may have planted when the directory was writable to them: each is checked to be a plain relative path
 * whose every existing component inside the bundle is a real directory, not a symbolic link, before any
 * file is read, moved or deleted. Directories the writer creates are never group- or world-writable,
 * whatever the umask, and the state directory is private (0700).
 */
final class Confined {

    private static final String DIRECTORY_MODE = "rwxr-xr-x";
    private static final String STATE_MODE = "rwx------";

    private Confined() {}

    /** Whether {@code path} is relative, non-empty, with no {@code .}, {@code ..}, empty or control-character segment. */
    static boolean isSafeRelative(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.indexOf('\\') >= 0 || path.length() > 1024) {
            return false;
        }
        if (path.codePoints().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029)) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code dir/path}, after checking that {@code path} is a safe relative path and that no component of
     * it (below {@code dir}) is a symbolic link. The last component may be a symbolic link: callers that
     * read through it check it themselves, and a rename replaces the link rather than its target.
     *
     * @throws IOException naming the path (which is ours or from our state, never a secret) when it escapes
     */
    static Path resolve(Path dir, String path) throws IOException {
        if (!isSafeRelative(path)) {
            throw new IOException("'" + printable(path) + "' is not a path inside the bundle; refusing to touch it");
        }
        Path target = dir.resolve(path).normalize();
        if (!target.startsWith(dir.normalize())) {
            throw new IOException("'" + printable(path) + "' leads outside the bundle; refusing to touch it");
        }
        Path current = dir;
        Path relative = dir.relativize(dir.resolve(path));
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            current = current.resolve(relative.getName(i));
            if (Files.isSymbolicLink(current)) {
                throw new IOException("'" + printable(dir.relativize(current).toString())
                        + "' is a symbolic link, so writing through it could leave the bundle; refusing to follow it");
            }
        }
        return target;
    }

    /** Whether {@code dir/path} is a safe path and a regular file (not a link). */
    static boolean isRegularFile(Path dir, String path) {
        try {
            return Files.isRegularFile(resolve(dir, path), LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return false;
        }
    }

    /** Creates the bundle directory if missing, mode 0755 whatever the umask (its parents as the umask says). */
    static void createBundleDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        createPrivately(dir, DIRECTORY_MODE);
    }

    /**
     * Refuses a state directory that is a symbolic link (whose staging and previous trees would otherwise be
     * deleted wherever it points); creates nothing.
     */
    static void checkStateDirectory(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir.resolve(BundleWriter.STATE_DIR))) {
            throw new IOException(BundleWriter.STATE_DIR + " is a symbolic link; refusing to follow it (remove it)");
        }
    }

    /** The state directory {@code .kestra-stack}, created 0700 or narrowed to 0700, never a symbolic link. */
    static Path stateDirectory(Path dir) throws IOException {
        Path state = dir.resolve(BundleWriter.STATE_DIR);
        if (Files.isSymbolicLink(state)) {
            throw new IOException(BundleWriter.STATE_DIR + " is a symbolic link; refusing to follow it (remove it)");
        }
        if (!Files.isDirectory(state, LinkOption.NOFOLLOW_LINKS)) {
            createPrivately(state, STATE_MODE);
        } else {
            setMode(state, STATE_MODE);
        }
        return state;
    }

    /**
     * Creates {@code target} and its missing parents up to {@code dir}: 0700 inside the state directory,
     * 0755 elsewhere, whatever the umask; refuses symbolic links on the way.
     */
    static void createDirectories(Path dir, Path target) throws IOException {
        Path relative = dir.relativize(target);
        if (relative.toString().isEmpty()) {
            return;
        }
        resolve(dir, relative.toString() + "/x");
        String mode = relative.getName(0).toString().equals(BundleWriter.STATE_DIR) ? STATE_MODE : DIRECTORY_MODE;
        Path current = dir;
        for (Path name : relative) {
            current = current.resolve(name);
            if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                createPrivately(current, mode);
            }
        }
    }

    private static void createPrivately(Path path, String mode) throws IOException {
        boolean posix = Files.getFileAttributeView(path.toAbsolutePath().getParent(), PosixFileAttributeView.class) != null;
        try {
            if (posix) {
                Files.createDirectory(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
            } else {
                Files.createDirectory(path);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                throw e;
            }
            return; // another run created it meanwhile
        }
        setMode(path, mode); // the umask may have narrowed or (umask 000) not narrowed it
    }

    private static void setMode(Path path, String mode) throws IOException {
        if (Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS) != null) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        }
    }

    private static String printable(String s) {
        return io.kestrastack.internal.Text.printable(s.length() > 200 ? s.substring(0, 200) + "..." : s);
    }
}
