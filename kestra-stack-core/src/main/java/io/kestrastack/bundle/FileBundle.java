package io.kestrastack.bundle;

import io.kestrastack.render.RenderedFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Any list of rendered files written with the same atomic writer as {@link StackBundle}: staged, then
 * committed; files edited by hand are conflicts unless forced; private files (mode {@code 0600}) other
 * than {@code .env} appear in diffs by name only. Other targets (such as Kubernetes manifests) use it.
 */
public final class FileBundle {

    private final List<RenderedFile> files;

    private FileBundle(List<RenderedFile> files) {
        this.files = List.copyOf(files);
    }

    /** A bundle of these files, written in this order. */
    public static FileBundle of(List<RenderedFile> files) {
        return new FileBundle(Objects.requireNonNull(files, "files"));
    }

    /** The files. */
    public List<RenderedFile> files() {
        return files;
    }

    /** What {@link #writeTo(Path, boolean)} would do, without writing anything. */
    public BundlePlan plan(Path dir, boolean force) {
        return new BundleWriter((step, path) -> {}).prepare(files, dir, force).plan();
    }

    /**
     * Writes the files into {@code dir} atomically.
     *
     * @throws BundleConflictException if a file edited by hand would be overwritten without {@code force};
     *     nothing has been written
     */
    public BundlePlan writeTo(Path dir, boolean force) {
        return new BundleWriter((step, path) -> {}).write(files, dir, force);
    }

    /** Writes with a failure-injection hook; for tests of atomicity. */
    BundlePlan writeTo(Path dir, boolean force, BundleWriter.Hook hook) {
        return new BundleWriter(hook).write(files, dir, force);
    }

    @Override
    public String toString() {
        return "FileBundle[" + files.size() + " files]";
    }
}
