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
    static final String LOCK = STATE_DIR + "/lock";
    private static final String STAGING = STATE_DIR + "/staging";
    private static final String PREVIOUS = STATE_DIR + "/previous";
    private static final String COMMIT = STATE_DIR + "/commit";
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)='([^']*)'");

    private final Hook hook;
    private final java.time.Duration lockTimeout;

    BundleWriter(Hook hook) {
        this(hook, BundleLock.DEFAULT_TIMEOUT);
    }

    BundleWriter(Hook hook, java.time.Duration lockTimeout) {
        this.hook = hook;
        this.lockTimeout = lockTimeout;
    }

    /** The result of comparing a bundle with a directory. */
    record Prepared(BundlePlan plan, Map<String, RenderedFile> toWrite, List<Violation> problems) {}

    Prepared prepare(List<RenderedFile> files, Path dir, boolean force) {
        checkDirectory(dir);
        Manifest manifest = readManifest(dir);
        List<FileChange> changes = new ArrayList<>();
        Map<String, RenderedFile> toWrite = new LinkedHashMap<>();
        List<Violation> problems = new ArrayList<>();
        for (RenderedFile file : files) {
            Path target;
            try {
                target = Confined.resolve(dir, file.path());
            } catch (IOException e) {
                problems.add(new Violation(file.path(), "outside-bundle", e.getMessage(),
                        "replace the symbolic link on that path by a real directory or file"));
                continue;
            }
            String existing = readIfFile(target, file.path(), problems);
            if (file.path().equals(".env")) {
                RenderedFile merged = existing == null ? file : mergeEnv(file, existing, problems);
                String diff = UnifiedDiff.diff(file.path(), existing == null ? "" : redact(existing, file.content()),
                        redact(merged.content(), file.content()), existing == null);
                boolean loose = existing != null && readableByOthers(target);
                FileChange.Action action = existing == null ? FileChange.Action.CREATE
                        : loose ? FileChange.Action.SECURE : FileChange.Action.MERGE;
                changes.add(new FileChange(file.path(), action, diff));
                if (existing == null || loose || !existing.equals(merged.content())) {
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
                boolean ours = manifest.wrote(file.path(), sha256(existing));
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
                            manifest.knows(file.path()) ? "the file was edited since kestra-stack wrote it"
                                    : "the file exists and was not written by kestra-stack",
                            "keep your edits by leaving the file as it is, or overwrite it with --force (force(true))"));
                }
            }
        }
        for (String old : manifest.allPaths()) {
            if (files.stream().noneMatch(f -> f.path().equals(old)) && Confined.isRegularFile(dir, old)) {
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
        if (Files.isSymbolicLink(target)) {
            // reading through it could show another file in a diff, and the write would replace the link
            problems.add(new Violation(path, "not-a-file", "a symbolic link is in the way; kestra-stack writes real files",
                    "replace the link by a copy of the file it points to"));
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
        for (DotEnv.Entry e : existing.entries()) {
            if (e.value() == null) {
                problems.add(new Violation(".env", "unrepresentable-value",
                        "line " + e.line() + " of the existing .env is a name without a value (Compose takes it"
                                + " from the shell; it may also be a pasted value, so it is not printed)",
                        "give it a value in .env or remove the line; kestra-stack will not drop it"));
            } else if (e.interpolated() && e.value().indexOf('$') >= 0) {
                problems.add(new Violation(".env", "unrepresentable-value",
                        "the existing value of " + DotEnv.printableName(e.name()) + " (line " + e.line()
                                + ") has a '$' that Compose interpolates",
                        "single-quote that value by hand ('...') so it is read literally"));
            }
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
                            "the existing value of " + DotEnv.printableName(name) + " has a quote, backslash or line break",
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
                            "the existing value of " + DotEnv.printableName(e.getKey())
                                    + " has a quote, backslash or line break",
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

    /**
     * {@code .env} text with every value replaced, for diffs and logs; comment lines are kept only when
     * they are kestra-stack's own (they appear in {@code own}, the freshly rendered file).
     */
    static String redact(String envText, String own) {
        return DotEnv.redact(envText, new java.util.LinkedHashSet<>(List.of(own.split("\n", -1))));
    }

    /** Refuses the empty path, which would put the bundle and its state into the current directory. */
    static Path checkDirectory(Path dir) {
        if (dir.toString().isEmpty()) {
            throw new IllegalArgumentException("the bundle directory is an empty path; give a directory");
        }
        return dir;
    }

    BundlePlan write(List<RenderedFile> files, Path dir, boolean force) {
        checkDirectory(dir);
        try {
            Confined.createBundleDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the bundle directory " + dir + "; nothing was written", e);
        }
        try (BundleLock lock = BundleLock.acquire(dir, lockTimeout)) {
            return writeLocked(files, dir, force);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the bundle in " + dir + "; nothing was written", e);
        }
    }

    private BundlePlan writeLocked(List<RenderedFile> files, Path dir, boolean force) {
        try {
            recover(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("finishing an interrupted earlier write in " + dir
                    + " failed; run generate again once the cause is fixed", e);
        }
        Prepared prepared = prepare(files, dir, force);
        if (!prepared.problems().isEmpty()) {
            throw new BundleConflictException(prepared.problems());
        }
        Manifest old = readManifest(dir);
        Map<String, String> current = new LinkedHashMap<>();
        for (RenderedFile f : files) {
            RenderedFile written = prepared.toWrite().getOrDefault(f.path(), f);
            if (!f.path().equals(".env")) {
                current.put(f.path(), sha256(written.content()));
            }
        }
        // files written by an earlier run and still on disk stay known, so that switching back to them
        // (nginx -> caddy -> nginx) finds them ours rather than hand-written
        Map<String, String> earlier = new LinkedHashMap<>();
        for (String path : old.allPaths()) {
            if (!current.containsKey(path) && Confined.isRegularFile(dir, path)) {
                earlier.put(path, old.current().containsKey(path) ? old.current().get(path) : old.earlier().get(path));
            }
        }
        String manifestText = new Manifest(current, earlier).text();
        boolean manifestChanged = !manifestText.equals(readText(dir.resolve(MANIFEST)));
        if (prepared.toWrite().isEmpty() && !manifestChanged) {
            return prepared.plan();
        }
        Map<String, RenderedFile> toWrite = new LinkedHashMap<>(prepared.toWrite());
        toWrite.put(MANIFEST, new RenderedFile(MANIFEST, manifestText, RenderedFile.PRIVATE));
        Map<String, String> before = new LinkedHashMap<>();
        for (String path : toWrite.keySet()) {
            before.put(path, fingerprint(dir, path));
        }
        try {
            commit(dir, toWrite);
            return prepared.plan();
        } catch (IOException | RuntimeException e) {
            List<String> changed = new ArrayList<>();
            for (Map.Entry<String, String> b : before.entrySet()) {
                if (!b.getValue().equals(fingerprint(dir, b.getKey()))) {
                    changed.add(b.getKey());
                }
            }
            String state = changed.isEmpty() && !interrupted(dir)
                    ? "checked: the previous bundle is intact"
                    : "the bundle may be incomplete (" + (changed.isEmpty() ? "an interrupted write is recorded"
                            : String.join(", ", changed) + " changed") + "); run generate again, which finishes or undoes it";
            IOException cause = e instanceof IOException io ? io : new IOException(e);
            throw new UncheckedIOException("writing the bundle to " + dir + " failed; " + state, cause);
        }
    }

    /** The SHA-256 of a file's bytes, "absent" when it does not exist, "unreadable" when it cannot be read. */
    private static String fingerprint(Path dir, String path) {
        try {
            Path p = Confined.resolve(dir, path);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return "absent";
            }
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unreadable";
        }
    }

    private static boolean readableByOthers(Path file) {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return false;
        }
        try {
            return view.readAttributes().permissions().stream()
                    .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes {@code files} (paths inside the bundle, {@code .env} or private state under {@code .kestra-stack/})
     * with the same staging and commit record as a bundle write, finishing an interrupted earlier write first.
     * The manifest is left alone: these files are not the rendered bundle. The caller holds {@link BundleLock}.
     */
    void commitHeld(Path dir, List<RenderedFile> files) throws IOException {
        recover(dir);
        Map<String, RenderedFile> toWrite = new LinkedHashMap<>();
        for (RenderedFile f : files) {
            Confined.resolve(dir, f.path());
            toWrite.put(f.path(), f);
        }
        commit(dir, toWrite);
    }

    private void commit(Path dir, Map<String, RenderedFile> toWrite) throws IOException {
        Confined.stateDirectory(dir);
        Path staging = dir.resolve(STAGING);
        Path previous = dir.resolve(PREVIOUS);
        deleteTree(staging);
        deleteTree(previous);
        List<String> paths = new ArrayList<>(toWrite.keySet());
        try {
            for (RenderedFile f : toWrite.values()) {
                hook.at("stage", f.path());
                writeDurably(dir, Confined.resolve(dir, STAGING + "/" + f.path()), f.content(), f.mode());
                Path current = Confined.resolve(dir, f.path());
                if (Files.isRegularFile(current, LinkOption.NOFOLLOW_LINKS)) {
                    Path saved = Confined.resolve(dir, PREVIOUS + "/" + f.path());
                    Confined.createDirectories(dir, saved.getParent());
                    Files.copy(current, saved, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            hook.at("commit", COMMIT);
            writeDurably(dir, dir.resolve(COMMIT), String.join("\n", paths) + "\n", RenderedFile.PRIVATE);
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
                moveIntoPlace(dir, Confined.resolve(dir, STAGING + "/" + path), Confined.resolve(dir, path));
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
            Path saved = Confined.resolve(dir, PREVIOUS + "/" + path);
            if (Files.exists(saved, LinkOption.NOFOLLOW_LINKS)) {
                moveIntoPlace(dir, saved, Confined.resolve(dir, path));
            } else {
                Files.deleteIfExists(Confined.resolve(dir, path));
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
        Confined.checkStateDirectory(dir);
        Path commit = dir.resolve(COMMIT);
        if (Files.isRegularFile(commit, LinkOption.NOFOLLOW_LINKS)) {
            Confined.stateDirectory(dir);
            // Every path is checked before anything is moved: a record naming a path outside the bundle
            // (or through a symbolic link) is refused as a whole, never partly applied.
            List<String> paths = new ArrayList<>();
            for (String path : Files.readAllLines(commit, StandardCharsets.UTF_8)) {
                if (path.isBlank()) {
                    continue;
                }
                Confined.resolve(dir, path);
                Confined.resolve(dir, STAGING + "/" + path);
                paths.add(path);
            }
            for (String path : paths) {
                Path staged = Confined.resolve(dir, STAGING + "/" + path);
                if (Files.isRegularFile(staged, LinkOption.NOFOLLOW_LINKS)) {
                    moveIntoPlace(dir, staged, Confined.resolve(dir, path));
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
        Confined.checkStateDirectory(dir);
        Files.deleteIfExists(dir.resolve(COMMIT));
        deleteTree(dir.resolve(STAGING));
        deleteTree(dir.resolve(PREVIOUS));
    }

    private static void moveIntoPlace(Path dir, Path from, Path to) throws IOException {
        Confined.createDirectories(dir, to.getParent());
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void writeDurably(Path dir, Path path, String content, int mode) throws IOException {
        Confined.createDirectories(dir, path.getParent());
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

    /**
     * The manifest: SHA-256 of each file of the current bundle ({@code <hash>  <path>}) and of files an
     * earlier bundle wrote that are still on disk ({@code <hash> e <path>}, which older versions skip).
     * Entries whose path is not confined to the bundle are ignored.
     */
    record Manifest(Map<String, String> current, Map<String, String> earlier) {
        /** Whether kestra-stack wrote {@code path} with this content, now or before. */
        boolean wrote(String path, String sha256) {
            return sha256.equals(current.get(path)) || sha256.equals(earlier.get(path));
        }

        boolean knows(String path) {
            return current.containsKey(path) || earlier.containsKey(path);
        }

        List<String> allPaths() {
            List<String> out = new ArrayList<>(current.keySet());
            earlier.keySet().stream().filter(p -> !current.containsKey(p)).forEach(out::add);
            return out;
        }

        String text() {
            StringBuilder out = new StringBuilder();
            current.forEach((path, hash) -> out.append(hash).append("  ").append(path).append('\n'));
            earlier.forEach((path, hash) -> out.append(hash).append(" e ").append(path).append('\n'));
            return out.toString();
        }
    }

    static Manifest readManifest(Path dir) {
        Map<String, String> current = new LinkedHashMap<>();
        Map<String, String> earlier = new LinkedHashMap<>();
        String text = readText(dir.resolve(MANIFEST));
        for (String line : text.split("\n")) {
            if (line.length() < 67 || !line.substring(0, 64).matches("[0-9a-f]{64}")) {
                continue;
            }
            String hash = line.substring(0, 64);
            if (line.startsWith("  ", 64) && Confined.isSafeRelative(line.substring(66))) {
                current.put(line.substring(66), hash);
            } else if (line.startsWith(" e ", 64) && Confined.isSafeRelative(line.substring(67))) {
                earlier.put(line.substring(67), hash);
            }
        }
        return new Manifest(current, earlier);
    }

    private static String readText(Path path) {
        try {
            return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? Files.readString(path, StandardCharsets.UTF_8) : "";
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
