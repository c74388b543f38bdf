package io.kestrastack.bundle;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on one bundle directory, held for a whole recover-plan-stage-commit: an OS file lock
 * ({@link FileChannel#lock}) on {@code .kestra-stack/lock} against other processes, and a JVM-wide lock per
 * directory against other threads of this process (an OS lock is held per process, so a second thread
 * would get {@link OverlappingFileLockException} rather than wait). A second run waits up to its timeout,
 * then fails with a message saying another run holds the bundle. The lock file is never deleted:
 * deleting it while another run waits on it would let a third run lock a new file at the same path.
 */
final class BundleLock implements AutoCloseable {

    /** How long a run waits for another run on the same bundle. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private BundleLock(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir}, waiting up to {@code timeout}.
     *
     * @throws IOException when the lock cannot be had in time (another run holds it) or cannot be created
     */
    static BundleLock acquire(Path dir, Duration timeout) throws IOException {
        Path state = Confined.stateDirectory(dir);
        Path file = state.resolve("lock");
        ReentrantLock local = IN_PROCESS.computeIfAbsent(state.toRealPath().resolve("lock"),
                k -> new ReentrantLock());
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!local.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw busy(dir, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the lock on " + dir, e);
        }
        FileChannel channel = null;
        try {
            if (Files.isSymbolicLink(file)) {
                throw new IOException(BundleWriter.LOCK + " is a symbolic link; refusing to follow it (remove it)");
            }
            channel = open(file);
            long pause = 10;
            while (true) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return new BundleLock(local, channel, lock);
                }
                if (System.nanoTime() > deadline) {
                    throw busy(dir, timeout);
                }
                Thread.sleep(pause);
                pause = Math.min(pause * 2, 200);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            local.unlock();
            throw e;
        } catch (InterruptedException e) {
            closeQuietly(channel);
            local.unlock();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the lock on " + dir, e);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        Set<OpenOption> open = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        if (Files.getFileAttributeView(file.getParent(), PosixFileAttributeView.class) != null) {
            return FileChannel.open(file, open,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return FileChannel.open(file, open);
    }

    private static IOException busy(Path dir, Duration timeout) {
        return new IOException("another kestra-stack run is writing " + dir + " (it holds " + BundleWriter.LOCK
                + "); waited " + timeout.toSeconds() + " s. Run again when it has finished");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing releases the lock; nothing else to do
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                local.unlock();
            }
        }
    }
}
