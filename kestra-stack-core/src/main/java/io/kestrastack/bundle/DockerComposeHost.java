package io.kestrastack.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The Docker host reached with {@code docker compose} (Compose v2) run in the bundle directory, which picks up
 * the bundle's {@code docker-compose.yml} and {@code .env} as an operator's shell would.
 *
 * <p>Recreating runs {@code up -d --no-deps --force-recreate --wait SERVICE...}: {@code --no-deps} leaves the
 * services they depend on (Postgres) alone, {@code --force-recreate} recreates them even when Compose would see no
 * change, and {@code --wait} returns only when they are healthy (or fails when they do not turn healthy).
 */
public final class DockerComposeHost implements ComposeHost {

    private static final int OUTPUT_LIMIT = 4000;

    private final Path dir;
    private final List<String> compose;
    private final Duration timeout;

    DockerComposeHost(Path dir, List<String> compose, Duration timeout) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.compose = List.copyOf(compose);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** {@code docker compose} in {@code dir}, each command allowed 10 minutes (Kestra's start period is 90 s). */
    public static DockerComposeHost in(Path dir) {
        return new DockerComposeHost(dir, List.of("docker", "compose"), Duration.ofMinutes(10));
    }

    @Override
    public Optional<String> unreachable() {
        // Without Compose v2 the docker CLI reads `compose` as an unknown command and `ps --quiet` as a bad flag:
        // say what is missing instead of quoting that.
        Result version = run(List.of("version"), null, Duration.ofSeconds(60));
        if (!version.ok()) {
            String first = version.output().strip().lines().findFirst().orElse("no output");
            return Optional.of(String.join(" ", compose) + " is not available here (" + String.join(" ", compose)
                    + " version: exit " + version.exitCode() + ", " + first + "); rotation needs Compose v2 (the"
                    + " docker-compose-plugin package) on the Docker host");
        }
        Result ps = run(List.of("ps", "--quiet"), null, Duration.ofSeconds(60));
        if (ps.ok()) {
            return Optional.empty();
        }
        String first = ps.output().strip().lines().findFirst().orElse("no output");
        return Optional.of(String.join(" ", compose) + " ps failed (exit " + ps.exitCode() + "): " + first);
    }

    @Override
    public Result exec(String service, List<String> argv, @Nullable Path stdin) {
        List<String> args = new ArrayList<>(List.of("exec", "-T", service));
        args.addAll(argv);
        return run(args, stdin, timeout);
    }

    @Override
    public Result recreate(List<String> services) {
        List<String> args = new ArrayList<>(List.of("up", "-d", "--no-deps", "--force-recreate", "--wait"));
        args.addAll(services);
        return run(args, null, timeout);
    }

    private Result run(List<String> args, @Nullable Path stdin, Duration limit) {
        List<String> argv = new ArrayList<>(compose);
        argv.addAll(args);
        Path output;
        try {
            // Output goes to a private file (0600), not a pipe: a command that leaves a child holding the pipe open
            // cannot keep the wait below from timing out.
            output = Files.createTempFile("kestra-stack-compose-", ".out");
        } catch (IOException e) {
            return new Result(1, "cannot create a temporary file for the output of " + compose.get(0) + ": " + e.getMessage());
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                    : ProcessBuilder.Redirect.from(stdin.toFile()));
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                return new Result(127, "cannot run " + compose.get(0) + ": " + e.getMessage());
            }
            try {
                if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    return new Result(124, "timed out after " + limit.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                return new Result(130, "interrupted");
            }
            String text = tail(output);
            return new Result(p.exitValue(), text);
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                // a temporary file left behind is not worth failing the rotation for
            }
        }
    }

    /** The last {@link #OUTPUT_LIMIT} characters of the file. */
    private static String tail(Path file) {
        try {
            long size = Files.size(file);
            try (var in = Files.newInputStream(file)) {
                in.skipNBytes(Math.max(0, size - 4L * OUTPUT_LIMIT));
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return text.length() > OUTPUT_LIMIT ? text.substring(text.length() - OUTPUT_LIMIT) : text;
            }
        } catch (IOException e) {
            return "(the output could not be read: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return "DockerComposeHost[" + String.join(" ", compose) + " in " + dir + "]";
    }
}
