package io.kestrastack.bundle;

import io.kestrastack.Stack;
import io.kestrastack.StackConfigException;
import io.kestrastack.render.MonitoringRenderer;
import io.kestrastack.render.RenderedFile;
import io.kestrastack.render.ServiceSpec;
import io.kestrastack.render.StackRenderer;
import io.kestrastack.render.StackServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Every file of a stack, rendered in memory: {@code docker-compose.yml}, {@code .env}, the Kestra
 * configuration (when delivered as a file), the edge's configuration, and the day-2 parts of its
 * {@link Operations} ({@code flows/smoke-test.yaml}, {@code BACKUP.md}, {@code VERIFY.md}) plus a
 * {@code .gitignore}; with {@link io.kestrastack.Stack#monitoring()}, the monitoring services and
 * {@code monitoring/} ({@link MonitoringRenderer}), whose backup alerts follow the backup schedule.
 *
 * <p>Inspect it in unit tests with {@link #files()} and {@link #content(String)}; put it on disk with
 * {@link #writeTo(Path)}, which writes atomically, keeps every value already in an existing {@code .env}
 * (Postgres reads its password only once, when its data directory is created), adds only missing
 * variables, and refuses to overwrite files edited by hand unless forced. {@link #plan(Path, boolean)} is
 * the dry run: what would change, as a unified diff with {@code .env} values redacted.
 */
public final class StackBundle {

    private final Stack stack;
    private final Operations operations;
    private final List<RenderedFile> files;
    private final boolean allowLineChange;

    private StackBundle(Stack stack, Operations operations, List<RenderedFile> files, boolean allowLineChange) {
        this.stack = stack;
        this.operations = operations;
        this.files = List.copyOf(files);
        this.allowLineChange = allowLineChange;
    }

    /** The bundle of {@code stack} with {@link Operations#defaults()}. */
    public static StackBundle of(Stack stack) {
        return of(stack, Operations.defaults());
    }

    /** The bundle of {@code stack} with the given day-2 parts. */
    public static StackBundle of(Stack stack, Operations operations) {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(operations, "operations");
        List<ServiceSpec> services = new ArrayList<>(StackServices.of(stack, operations.smokeTest().isPresent()));
        operations.backups().ifPresent(b -> services.add(DayTwo.backupService(stack, b)));
        OptionalInt backupHours = operations.backups().map(b -> OptionalInt.of(b.intervalHours())).orElse(OptionalInt.empty());
        stack.monitoring().ifPresent(m -> services.addAll(MonitoringRenderer.services(stack, backupHours)));
        List<RenderedFile> files = new ArrayList<>(StackRenderer.render(stack, services));
        stack.monitoring().ifPresent(m -> files.addAll(MonitoringRenderer.files(stack, backupHours)));
        operations.smokeTest().ifPresent(smoke -> files.add(DayTwo.smokeTestFlow(stack, smoke)));
        operations.backups().ifPresent(b -> files.add(DayTwo.backupGuide(stack, b)));
        if (operations.verifyGuide()) {
            files.add(DayTwo.verifyGuide(stack, operations));
        }
        files.add(DayTwo.tasksGuide(stack));
        files.add(DayTwo.gitignore());
        files.add(LineGuard.record(stack));
        return new StackBundle(stack, operations, files, false);
    }

    /**
     * This bundle, allowed to replace one that deploys another Kestra line in a way Kestra cannot migrate:
     * back to an earlier line, or from before 1.3 straight to 2.x. Without it, {@link #plan} and
     * {@link #writeTo} refuse such a change: Kestra's migrations are one-way, and 2.0 requires 1.3.x first.
     * Use it only after restoring a backup that matches the target line.
     */
    public StackBundle allowLineChange() {
        return new StackBundle(stack, operations, files, true);
    }

    /** The stack this bundle was rendered from. */
    public Stack stack() {
        return stack;
    }

    /** The day-2 parts included. */
    public Operations operations() {
        return operations;
    }

    /** Every file, in a stable order. */
    public List<RenderedFile> files() {
        return files;
    }

    /** The file at {@code path}, if the bundle has one. */
    public Optional<RenderedFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    /**
     * The content of the file at {@code path}.
     *
     * @throws IllegalArgumentException if the bundle has no such file
     */
    public String content(String path) {
        return file(path).map(RenderedFile::content)
                .orElseThrow(() -> new IllegalArgumentException("the bundle has no file " + path));
    }

    /**
     * What {@link #writeTo(Path, boolean)} would do, without writing anything.
     *
     * @param force whether files edited by hand would be overwritten
     */
    public BundlePlan plan(Path dir, boolean force) {
        LineGuard.check(dir, stack, allowLineChange);
        return new BundleWriter((step, path) -> {}).prepare(files, dir, force).plan();
    }

    /** {@link #writeTo(Path, boolean)} without force. */
    public BundlePlan writeTo(Path dir) {
        return writeTo(dir, false);
    }

    /**
     * Writes the bundle into {@code dir}, creating it if needed.
     *
     * <p>Existing {@code .env} values are kept and only missing variables added; variables no longer
     * referenced are kept at the end. A file edited since kestra-stack wrote it (or not written by
     * kestra-stack) is a conflict unless {@code force}. {@code .env} gets mode 0600, other files 0644.
     * Files written by an earlier version and no longer part of the bundle are left in place and reported
     * as {@link FileChange.Action#OBSOLETE}.
     *
     * <p>Runs on one directory are serialised: the write holds an exclusive lock on
     * {@code .kestra-stack/lock} from recovery to commit, and a second run waits up to 30 s for it. Every
     * path taken from the directory's own state is checked to stay inside it; {@code .kestra-stack/} is
     * private (0700) and created directories are never group- or world-writable. A {@code .env} others can
     * read is written again with mode 0600 ({@link FileChange.Action#SECURE}).
     *
     * @return what was done
     * @throws StackConfigException if the directory holds a bundle for a Kestra line this one cannot follow (see
     *     {@link #allowLineChange()}); nothing has been written
     * @throws BundleConflictException if anything would be lost; nothing has been written
     * @throws UncheckedIOException if the file system fails or another run holds the bundle too long; the
     *     message says whether the previous bundle was checked to be intact
     * @throws IllegalArgumentException if {@code dir} is the empty path
     */
    public BundlePlan writeTo(Path dir, boolean force) {
        LineGuard.check(dir, stack, allowLineChange);
        return new BundleWriter((step, path) -> {}).write(files, dir, force);
    }

    /** Writes with a failure-injection hook; for tests of atomicity. */
    BundlePlan writeTo(Path dir, boolean force, BundleWriter.Hook hook) {
        LineGuard.check(dir, stack, allowLineChange);
        return new BundleWriter(hook).write(files, dir, force);
    }

    /**
     * Finishes or undoes a write that was interrupted by a crash. {@link #writeTo} does this itself
     * first; call it before reading a directory that may hold an interrupted write.
     */
    public static void recover(Path dir) {
        try {
            BundleWriter.recover(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("recovering the interrupted write in " + dir + " failed", e);
        }
    }

    @Override
    public String toString() {
        return "StackBundle[" + stack.name() + ", " + files.size() + " files]";
    }
}
