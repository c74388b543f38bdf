package io.kestrastack.lint;

import io.kestrastack.lint.internal.FileSet;
import io.kestrastack.lint.internal.Linter;
import io.kestrastack.lint.internal.Report;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Lints a hand-written (or generated) Kestra stack: {@code docker-compose.yml} with its {@code .env}
 * (Compose interpolation applied, {@code KESTRA_CONFIGURATION} read as YAML), Kestra configuration
 * files, Caddyfiles and nginx configuration, against the catalogue in {@link Rule}.
 *
 * <p>Files are recognised by name: {@code docker-compose.yml}, {@code docker-compose.yaml},
 * {@code compose.yml}, {@code compose.yaml} (with the {@code .env} beside it); {@code application*.yml}
 * and {@code .yaml}, or any YAML file with a top-level {@code kestra}, {@code datasources} or
 * {@code micronaut} key (a top-level {@code services} key makes it a Compose file); {@code Caddyfile*};
 * {@code nginx.conf} and other {@code *.conf} files that look like nginx (all {@code *.conf} files named
 * explicitly). A Kestra service's {@code --config} file and the Caddyfile or nginx files an edge service
 * bind-mounts are read from the Compose file's directory even when not named. Other files are skipped.
 *
 * <p>Nothing here throws on bad input: unreadable, binary or malformed files become findings with a
 * line. The shell environment is never read; Compose variables come from {@code .env} only.
 *
 * <pre>{@code
 * List<Finding> findings = StackLint.lintDirectory(Path.of("deploy"));
 * System.out.print(Findings.toText(findings));
 * }</pre>
 */
public final class StackLint {

    /** Directories never descended into. */
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("node_modules", "target", "build", "vendor");
    /** How deep {@link #lintDirectory} looks. */
    private static final int MAX_DEPTH = 8;

    private StackLint() {}

    /**
     * Lints every recognised file below {@code directory} (hidden directories, {@code node_modules},
     * {@code target}, {@code build} and {@code vendor} excluded; at most 8 levels deep). Findings name
     * files as {@code directory.resolve(relative)}.
     *
     * @return findings sorted by file, line and rule; empty when the stack is clean. A directory that does
     *     not exist gives one {@link Rule#FILE_UNREADABLE} finding.
     */
    public static List<Finding> lintDirectory(Path directory) {
        return lintPaths(List.of(directory));
    }

    /**
     * Lints the given files, each recognised by its name (or content), plus the {@code .env} beside each
     * Compose file and the files its services mount. Unlike a directory walk, every {@code *.conf} named
     * here is read as nginx configuration.
     */
    public static List<Finding> lintFiles(List<Path> files) {
        return lintPaths(files);
    }

    /**
     * Lints a mix of directories (walked as by {@link #lintDirectory}) and files (as by
     * {@link #lintFiles}): what the {@code lint PATH...} command does. A path that does not exist gives a
     * {@link Rule#FILE_UNREADABLE} finding.
     */
    public static List<Finding> lintPaths(List<Path> paths) {
        Objects.requireNonNull(paths, "paths");
        Map<String, Boolean> files = new LinkedHashMap<>();
        List<Finding> all = new ArrayList<>();
        for (Path p : paths) {
            Objects.requireNonNull(p, "path");
            if (Files.isDirectory(p)) {
                try {
                    for (String f : walk(p, all)) {
                        files.putIfAbsent(f, false);
                    }
                } catch (IOException | SecurityException e) {
                    all.add(Linter.unreadable(p.toString(), "the directory cannot be read: "
                            + e.getClass().getSimpleName()));
                }
            } else if (Files.exists(p) || Files.isSymbolicLink(p)) {
                files.put(p.normalize().toString(), true);
            } else {
                all.add(Linter.unreadable(p.toString(), "does not exist"));
            }
        }
        if (!files.isEmpty()) {
            all.addAll(Linter.lint(FileSet.disk(), files));
        }
        return sorted(all);
    }

    /**
     * Lints an in-memory bundle, such as the files a renderer returns before they are written: keys are
     * relative paths with {@code /} separators ({@code docker-compose.yml}, {@code .env},
     * {@code kestra/application.yaml}, {@code caddy/Caddyfile}), values are the files' text. Files are
     * recognised as in a directory walk; findings name files by their key.
     */
    public static List<Finding> lint(Map<String, String> files) {
        Objects.requireNonNull(files, "files");
        FileSet memory = FileSet.memory(new LinkedHashMap<>(files));
        Map<String, Boolean> paths = new LinkedHashMap<>();
        for (String p : FileSet.paths(memory)) {
            paths.put(p, false);
        }
        return Linter.lint(memory, paths);
    }

    /** The candidate files below {@code root}; a file or directory that cannot be read is a finding in {@code problems}. */
    private static List<String> walk(Path root, List<Finding> problems) throws IOException {
        List<String> out = new ArrayList<>();
        Files.walkFileTree(root, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root)) {
                    String name = dir.getFileName().toString();
                    if (name.startsWith(".") || SKIPPED_DIRECTORIES.contains(name)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (!attrs.isDirectory() && Linter.candidate(file.getFileName().toString())) {
                    out.add(file.normalize().toString());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                if (Files.isDirectory(file)) {
                    // an unreadable subdirectory may hide a stack file: say so instead of passing silently
                    problems.add(Linter.unreadable(file.normalize().toString(),
                            "the directory cannot be read (" + e.getClass().getSimpleName() + "), so its files were not linted"));
                } else {
                    out.add(file.normalize().toString());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException e) {
                if (e != null) {
                    problems.add(Linter.unreadable(dir.normalize().toString(), "the directory could not be read to the end ("
                            + e.getClass().getSimpleName() + "), so some of its files were not linted"));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        out.sort(null);
        return out;
    }

    private static List<Finding> sorted(List<Finding> findings) {
        Report r = new Report();
        for (Finding f : findings) {
            r.add(f.rule(), f.file(), f.line(), f.message(), f.fix());
        }
        return r.findings();
    }
}
