package io.kestrastack.rehearsal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a short command and collects its output. */
public final class Exec {

    private Exec() {}

    /**
     * The outcome of a command.
     *
     * @param exitCode exit status (124 when it timed out)
     * @param stdout standard output
     * @param stderr standard error
     */
    public record Result(int exitCode, String stdout, String stderr) {
        /** Whether it exited 0. */
        public boolean ok() {
            return exitCode == 0;
        }

        /** Both streams, trimmed, for messages. */
        public String output() {
            return (stdout.strip() + "\n" + stderr.strip()).strip();
        }
    }

    /**
     * Runs {@code command} with {@code env} added to this process's environment.
     *
     * @param command the command line
     * @param env extra environment
     * @param dir working directory
     * @param timeout how long it may take; it is killed after
     * @return the result
     */
    public static Result run(List<String> command, Map<String, String> env, Path dir, Duration timeout) {
        return run(command, env, false, dir, timeout, null);
    }

    /**
     * Runs {@code command}; with {@code replaceEnv} the environment is exactly {@code env}.
     *
     * @param command the command line
     * @param env environment
     * @param replaceEnv whether {@code env} replaces this process's environment
     * @param dir working directory
     * @param timeout how long it may take
     * @param stdin a file for standard input, or null
     * @return the result
     */
    public static Result run(List<String> command, Map<String, String> env, boolean replaceEnv, Path dir, Duration timeout,
            @org.jspecify.annotations.Nullable Path stdin) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
            if (replaceEnv) {
                pb.environment().clear();
            }
            pb.environment().putAll(env);
            Path out = Files.createTempFile("ks-rehearsal-out", ".txt");
            Path err = Files.createTempFile("ks-rehearsal-err", ".txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin != null) {
                pb.redirectInput(stdin.toFile());
            } else {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process p = pb.start();
            int code;
            if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                code = p.exitValue();
            } else {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                code = 124;
            }
            Result r = new Result(code, Files.readString(out), Files.readString(err)
                    + (code == 124 ? "\n(timed out after " + timeout.toMillis() + " ms)" : ""));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RehearsalFailure("interrupted while running " + command.get(0));
        }
    }
}
