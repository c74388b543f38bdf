package io.kestrastack.lint.internal;

import io.kestrastack.lint.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the linted files come from: the file system, or an in-memory bundle. Paths are relative
 * {@code /}-separated strings for a bundle and file-system paths otherwise; {@link #resolve} and
 * {@link #parent} work on both.
 */
public abstract class FileSet {

    /** Files larger than this are not configuration files. */
    static final long MAX_SIZE = 4L * 1024 * 1024;

    private final Map<String, @Nullable Source> cache = new LinkedHashMap<>();

    /**
     * Reads a file once; null when it does not exist, or (after reporting why) when it cannot be read or
     * is not text.
     */
    public final @Nullable Source read(String path, Report report) {
        if (cache.containsKey(path)) {
            return cache.get(path);
        }
        Source s = load(path, report);
        cache.put(path, s);
        return s;
    }

    /** Whether {@code path} names an existing file. */
    public abstract boolean isFile(String path);

    /** {@code relative} resolved against the directory {@code dir}, normalised. */
    public abstract String resolve(String dir, String relative);

    /** The directory holding {@code path}. */
    public abstract String parent(String path);

    /** The last segment of {@code path}. */
    public abstract String fileName(String path);

    abstract @Nullable Source load(String path, Report report);

    /** Files on disk. */
    public static FileSet disk() {
        return new Disk();
    }

    /** An in-memory bundle: relative paths to contents. */
    public static FileSet memory(Map<String, String> files) {
        return new Memory(files);
    }

    private static final class Disk extends FileSet {
        @Override
        public boolean isFile(String path) {
            return Files.isRegularFile(Path.of(path));
        }

        @Override
        public String resolve(String dir, String relative) {
            return Path.of(dir).resolve(relative).normalize().toString();
        }

        @Override
        public String parent(String path) {
            Path p = Path.of(path).getParent();
            return p == null ? "" : p.toString();
        }

        @Override
        public String fileName(String path) {
            Path name = Path.of(path).getFileName();
            return name == null ? "" : name.toString();
        }

        @Override
        @Nullable Source load(String path, Report report) {
            Path p = Path.of(path);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.exists(p)) {
                return null;
            }
            try {
                if (!Files.isRegularFile(p)) {
                    report.add(Rule.FILE_UNREADABLE, path, 1, Files.exists(p)
                            ? "not a regular file" : "a link to a file that does not exist");
                    return null;
                }
                if (Files.size(p) > MAX_SIZE) {
                    report.add(Rule.FILE_UNREADABLE, path, 1, "larger than " + (MAX_SIZE / 1024 / 1024)
                            + " MiB, which no configuration file is");
                    return null;
                }
                return Source.decode(path, Files.readAllBytes(p), report);
            } catch (IOException | SecurityException e) {
                report.add(Rule.FILE_UNREADABLE, path, 1, "cannot be read: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
                return null;
            }
        }
    }

    private static final class Memory extends FileSet {
        private final Map<String, String> files = new LinkedHashMap<>();

        Memory(Map<String, String> files) {
            for (Map.Entry<String, String> e : files.entrySet()) {
                this.files.put(normalize(Objects.requireNonNull(e.getKey(), "path")),
                        Objects.requireNonNull(e.getValue(), "content"));
            }
        }

        /** The normalised keys, in the order given. */
        List<String> paths() {
            return new ArrayList<>(files.keySet());
        }

        @Override
        public boolean isFile(String path) {
            return files.containsKey(path);
        }

        @Override
        public String resolve(String dir, String relative) {
            if (relative.startsWith("/")) {
                return normalize(relative);
            }
            return normalize(dir.isEmpty() ? relative : dir + "/" + relative);
        }

        @Override
        public String parent(String path) {
            int slash = path.lastIndexOf('/');
            return slash < 0 ? "" : path.substring(0, slash);
        }

        @Override
        public String fileName(String path) {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        @Override
        @Nullable Source load(String path, Report report) {
            String content = files.get(path);
            if (content == null) {
                return null;
            }
            if (content.length() > MAX_SIZE) {
                report.add(Rule.FILE_UNREADABLE, path, 1, "larger than " + (MAX_SIZE / 1024 / 1024)
                        + " MiB, which no configuration file is");
                return null;
            }
            return Source.ofText(path, content, report);
        }

        static String normalize(String path) {
            String p = path.replace('\\', '/');
            boolean absolute = p.startsWith("/");
            List<String> out = new ArrayList<>();
            for (String seg : p.split("/")) {
                if (seg.isEmpty() || seg.equals(".")) {
                    continue;
                }
                if (seg.equals("..")) {
                    if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                        out.remove(out.size() - 1);
                    } else if (!absolute) {
                        out.add(seg);
                    }
                    continue;
                }
                out.add(seg);
            }
            return (absolute ? "/" : "") + String.join("/", out);
        }
    }

    /** The normalised paths of an in-memory bundle, in the order given. */
    public static List<String> paths(FileSet memory) {
        if (memory instanceof Memory m) {
            return m.paths();
        }
        throw new IllegalArgumentException("not an in-memory bundle");
    }
}
