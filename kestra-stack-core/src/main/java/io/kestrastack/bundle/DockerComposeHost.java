package io.kestrastack.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                : ProcessBuilder.Redirect.from(stdin.toFile()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(127, "cannot run " + compose.get(0) + ": " + e.getMessage());
        }
        try {
            byte[] out = p.getInputStream().readNBytes(1 << 20);
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(124, "timed out after " + limit.toSeconds() + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            return new Result(p.exitValue(), text.length() > OUTPUT_LIMIT ? text.substring(text.length() - OUTPUT_LIMIT) : text);
        } catch (IOException e) {
            p.destroyForcibly();
            return new Result(1, "reading the output of " + compose.get(0) + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(130, "interrupted");
        }
    }

    @Override
    public String toString() {
        return "DockerComposeHost[" + String.join(" ", compose) + " in " + dir + "]";
    }
}
