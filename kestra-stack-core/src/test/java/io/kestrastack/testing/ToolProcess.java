package io.kestrastack.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs an external tool with a controlled environment and a time limit, and captures its output. */
public final class ToolProcess {

    /**
     * What a run produced.
     *
     * @param command the command line
     * @param exitCode the exit code
     * @param stdout standard output, decoded as UTF-8
     * @param stderr standard error, decoded as UTF-8
     */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** Command, exit code and both outputs, for assertion messages. */
        public String describe() {
            return String.join(" ", command) + "\nexit code: " + exitCode + "\n--- stdout ---\n" + stdout
                    + "\n--- stderr ---\n" + stderr;
        }
    }

    private ToolProcess() {}

    /**
     * Runs {@code command} in {@code directory} with exactly the environment {@code env} (nothing is
     * inherited), and waits at most {@code timeout}.
     *
     * @throws AssertionError if the tool cannot be started or does not finish in time
     */
    public static Result run(List<String> command, Path directory, Map<String, String> env, Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("tool-out", ".txt");
            err = Files.createTempFile("tool-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            Process process = pb.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(List.copyOf(command), process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** An executable called {@code name} on the {@code PATH} of this JVM, if there is one. */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A minimal environment for tools: this JVM's {@code PATH}, a UTF-8 locale and the given home. */
    public static Map<String, String> baseEnvironment(Path home) {
        String path = System.getenv("PATH");
        return Map.of("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path, "HOME", home.toString(),
                "LANG", "C.UTF-8", "LC_ALL", "C.UTF-8");
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
