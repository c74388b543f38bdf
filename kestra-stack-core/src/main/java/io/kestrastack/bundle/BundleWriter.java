package io.kestrastack.bundle;

import io.kestrastack.Violation;
import io.kestrastack.internal.DotEnv;
import io.kestrastack.internal.EnvText;
import io.kestrastack.render.RenderedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a bundle into a directory: all files are staged under {@code .kestra-stack/staging}, old versions
 * saved under {@code .kestra-stack/previous}, then a commit record is written and the staged files are
 * renamed into place. A failure before the commit record leaves the old bundle untouched; a failure
 * while renaming puts the old files back; a crash after the commit record is finished by the next write
 * or validation ({@link #recover(Path)}). No file is ever half-written.
 */
final class BundleWriter {

    /** A point where tests inject failures: called before each step with its name and file. */
    interface Hook {
        void at(String step, String path) throws IOException;
    }

    static final String STATE_DIR = ".kestra-stack";
    static final String MANIFEST = STATE_DIR + "/manifest";
    private static final String STAGING = STATE_DIR + "/staging";
    private static final String PREVIOUS = STATE_DIR + "/previous";
    private static final String COMMIT = STATE_DIR + "/commit";
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)='([^']*)'");

    private final Hook hook;

    BundleWriter(Hook hook) {
        this.hook = hook;
    }

    /** The result of comparing a bundle with a directory. */
    record Prepared(BundlePlan plan, Map<String, RenderedFile> toWrite, List<Violation> problems) {}

    Prepared prepare(List<RenderedFile> files, Path dir, boolean force) {
        Map<String, String> manifest = readManifest(dir);
        List<FileChange> changes = new ArrayList<>();
        Map<String, RenderedFile> toWrite = new LinkedHashMap<>();
        List<Violation> problems = new ArrayList<>();
        for (RenderedFile file : files) {
            Path target = dir.resolve(file.path());
            String existing = readIfFile(target, file.path(), problems);
            if (file.path().equals(".env")) {
                RenderedFile merged = existing == null ? file : mergeEnv(file, existing, problems);
                String diff = UnifiedDiff.diff(file.path(), existing == null ? "" : redact(existing),
                        redact(merged.content()), existing == null);
                FileChange.Action action = existing == null ? FileChange.Action.CREATE : FileChange.Action.MERGE;
                changes.add(new FileChange(file.path(), action, diff));
                if (existing == null || !existing.equals(merged.content())) {
                    toWrite.put(file.path(), merged);
                }
                continue;
            }
            if (existing == null) {
                changes.add(new FileChange(file.path(), FileChange.Action.CREATE,
                        file.isPrivate() ? privateDiff(file.path()) : UnifiedDiff.diff(file.path(), "", file.content(), true)));
                toWrite.put(file.path(), file);
            } else if (existing.equals(file.content())) {
                changes.add(new FileChange(file.path(), FileChange.Action.UNCHANGED, ""));
            } else {
                boolean ours = sha256(existing).equals(manifest.get(file.path()));
                String diff = file.isPrivate() ? privateDiff(file.path())
                        : UnifiedDiff.diff(file.path(), existing, file.content(), false);
                if (ours) {
                    changes.add(new FileChange(file.path(), FileChange.Action.UPDATE, diff));
                    toWrite.put(file.path(), file);
                } else if (force) {
                    changes.add(new FileChange(file.path(), FileChange.Action.OVERWRITE, diff));
                    toWrite.put(file.path(), file);
                } else {
                    changes.add(new FileChange(file.path(), FileChange.Action.CONFLICT, diff));
                    problems.add(new Violation(file.path(), "edited-file",
                            manifest.containsKey(file.path()) ? "the file was edited since kestra-stack wrote it"
                                    : "the file exists and was not written by kestra-stack",
                            "keep your edits by leaving the file as it is, or overwrite it with --force (force(true))"));
                }
            }
        }
        for (String old : manifest.keySet()) {
            if (files.stream().noneMatch(f -> f.path().equals(old)) && Files.isRegularFile(dir.resolve(old))) {
                changes.add(new FileChange(old, FileChange.Action.OBSOLETE, ""));
            }
        }
        return new Prepared(new BundlePlan(changes), toWrite, problems);
    }

    private static @org.jspecify.annotations.Nullable String readIfFile(Path target, String path, List<Violation> problems) {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            problems.add(new Violation(path, "not-a-file", "a directory is in the way", "move it elsewhere"));
            return null;
        }
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            return Files.readString(target, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(new Violation(path, "unreadable", "cannot read the existing file: " + e.getClass().getSimpleName(),
                    "check its permissions and encoding"));
            return null;
        }
    }

    /** The new .env with every value already present kept and unreferenced variables carried along. */
    private static RenderedFile mergeEnv(RenderedFile fresh, String existingText, List<Violation> problems) {
        DotEnv.Result existing = DotEnv.parse(existingText);
        for (DotEnv.Problem problem : existing.problems()) {
            problems.add(new Violation(".env", "unreadable-env",
                    "line " + problem.line() + " of the existing .env cannot be read: " + problem.message(),
                    "fix that line by hand; kestra-stack will not rewrite a .env it cannot fully read"));
        }
        Map<String, String> old = existing.values();
        Map<String, String> referenced = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder();
        for (String line : fresh.content().split("\n", -1)) {
            Matcher m = ASSIGNMENT.matcher(line);
            if (m.matches()) {
                String name = m.group(1);
                String value = old.getOrDefault(name, m.group(2));
                referenced.put(name, value);
                if (!EnvText.representable(value)) {
                    problems.add(new Violation(".env", "unrepresentable-value",
                            "the existing value of " + name + " has a quote, backslash or line break",
                            "change that value by hand to one without them"));
                    out.append(line);
                } else {
                    out.append(EnvText.assignment(name, value));
                }
            } else {
                out.append(line);
            }
            out.append('\n');
        }
        String text = out.substring(0, out.length() - 1);
        StringBuilder extra = new StringBuilder();
        for (Map.Entry<String, String> e : old.entrySet()) {
            if (!referenced.containsKey(e.getKey())) {
                if (!EnvText.representable(e.getValue())) {
                    problems.add(new Violation(".env", "unrepresentable-value",
                            "the existing value of " + e.getKey() + " has a quote, backslash or line break",
                            "change that value by hand to one without them"));
                    continue;
                }
                extra.append(EnvText.assignment(e.getKey(), e.getValue())).append('\n');
            }
        }
        if (extra.length() > 0) {
            text += "\n" + EnvText.comment("Not referenced by docker-compose.yml any more; kept so that no secret is lost.")
                    + "\n" + extra;
        }
        return new RenderedFile(fresh.path(), text, fresh.mode());
    }

    /** What a diff shows for a private file other than {@code .env}: its name only, never its content. */
    private static String privateDiff(String path) {
        return "--- " + path + "\n+++ " + path + "\n(holds secrets: content not shown)\n";
    }

    /** {@code .env} text with every value replaced, for diffs and logs. */
    static String redact(String envText) {
        StringBuilder out = new StringBuilder();
        for (String line : envText.split("\n", -1)) {
            String t = line.strip();
            int eq = t.indexOf('=');
            if (!t.startsWith("#") && eq > 0) {
                out.append(t, 0, eq).append("=<redacted>");
            } else {
                out.append(line);
            }
            out.append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    BundlePlan write(List<RenderedFile> files, Path dir, boolean force) {
        try {
            recover(dir);
            Prepared prepared = prepare(files, dir, force);
            if (!prepared.problems().isEmpty()) {
                throw new BundleConflictException(prepared.problems());
            }
            Map<String, String> manifest = new LinkedHashMap<>();
            for (RenderedFile f : files) {
                RenderedFile written = prepared.toWrite().getOrDefault(f.path(), f);
                if (!f.path().equals(".env")) {
                    manifest.put(f.path(), sha256(written.content()));
                }
            }
            String manifestText = manifestText(manifest);
            boolean manifestChanged = !manifestText.equals(readText(dir.resolve(MANIFEST)));
            if (prepared.toWrite().isEmpty() && !manifestChanged) {
                return prepared.plan();
            }
            Map<String, RenderedFile> toWrite = new LinkedHashMap<>(prepared.toWrite());
            toWrite.put(MANIFEST, RenderedFile.of(MANIFEST, manifestText));
            commit(dir, toWrite);
            return prepared.plan();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the bundle to " + dir + " failed; the previous bundle is intact", e);
        }
    }

    private void commit(Path dir, Map<String, RenderedFile> toWrite) throws IOException {
        Files.createDirectories(dir);
        Path staging = dir.resolve(STAGING);
        Path previous = dir.resolve(PREVIOUS);
        deleteTree(staging);
        deleteTree(previous);
        List<String> paths = new ArrayList<>(toWrite.keySet());
        try {
            for (RenderedFile f : toWrite.values()) {
                hook.at("stage", f.path());
                writeDurably(staging.resolve(f.path()), f.content(), f.mode());
                Path current = dir.resolve(f.path());
                if (Files.isRegularFile(current, LinkOption.NOFOLLOW_LINKS)) {
                    Path saved = previous.resolve(f.path());
                    Files.createDirectories(saved.getParent());
                    Files.copy(current, saved, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            hook.at("commit", COMMIT);
            writeDurably(dir.resolve(COMMIT), String.join("\n", paths) + "\n", RenderedFile.PUBLIC);
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            deleteTree(previous);
            Files.deleteIfExists(dir.resolve(COMMIT));
            throw e;
        }
        List<String> moved = new ArrayList<>();
        try {
            for (String path : paths) {
                hook.at("move", path);
                moveIntoPlace(staging.resolve(path), dir.resolve(path));
                moved.add(path);
            }
        } catch (IOException | RuntimeException e) {
            rollBack(dir, moved);
            throw e;
        }
        finish(dir);
    }

    private static void rollBack(Path dir, List<String> moved) throws IOException {
        Path previous = dir.resolve(PREVIOUS);
        for (String path : moved) {
            Path saved = previous.resolve(path);
            if (Files.exists(saved)) {
                moveIntoPlace(saved, dir.resolve(path));
            } else {
                Files.deleteIfExists(dir.resolve(path));
            }
        }
        Files.deleteIfExists(dir.resolve(COMMIT));
        deleteTree(dir.resolve(STAGING));
        deleteTree(previous);
    }

    /**
     * Completes or undoes an interrupted write: with a commit record, the staged files are moved into
     * place; without one, staged files are discarded.
     */
    static void recover(Path dir) throws IOException {
        Path commit = dir.resolve(COMMIT);
        if (Files.isRegularFile(commit)) {
            Path staging = dir.resolve(STAGING);
            for (String path : Files.readAllLines(commit, StandardCharsets.UTF_8)) {
                if (path.isBlank()) {
                    continue;
                }
                Path staged = staging.resolve(path);
                if (Files.exists(staged)) {
                    moveIntoPlace(staged, dir.resolve(path));
                }
            }
            finish(dir);
        } else {
            deleteTree(dir.resolve(STAGING));
            deleteTree(dir.resolve(PREVIOUS));
        }
    }

    /** Whether an interrupted write is waiting in {@code dir}. */
    static boolean interrupted(Path dir) {
        return Files.exists(dir.resolve(COMMIT)) || Files.exists(dir.resolve(STAGING));
    }

    private static void finish(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(COMMIT));
        deleteTree(dir.resolve(STAGING));
        deleteTree(dir.resolve(PREVIOUS));
    }

    private static void moveIntoPlace(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void writeDurably(Path path, String content, int mode) throws IOException {
        Files.createDirectories(path.getParent());
        Files.deleteIfExists(path);
        boolean posix = Files.getFileAttributeView(path.getParent(), PosixFileAttributeView.class) != null;
        Set<PosixFilePermission> permissions = permissions(mode);
        try (FileChannel ch = posix
                ? FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)})
                : FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("staging file appeared while writing: " + path, e);
        }
        if (posix) {
            Files.setPosixFilePermissions(path, permissions); // the umask may have narrowed them
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder s = new StringBuilder();
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            s.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        return PosixFilePermissions.fromString(s.toString());
    }

    static Map<String, String> readManifest(Path dir) {
        Map<String, String> out = new LinkedHashMap<>();
        String text = readText(dir.resolve(MANIFEST));
        for (String line : text.split("\n")) {
            int space = line.indexOf("  ");
            if (space == 64) {
                out.put(line.substring(66), line.substring(0, 64));
            }
        }
        return out;
    }

    private static String manifestText(Map<String, String> manifest) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : manifest.entrySet()) {
            out.append(e.getValue()).append("  ").append(e.getKey()).append('\n');
        }
        return out.toString();
    }

    private static String readText(Path path) {
        try {
            return Files.isRegularFile(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
