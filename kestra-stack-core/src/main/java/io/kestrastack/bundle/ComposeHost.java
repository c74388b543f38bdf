package io.kestrastack.bundle;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Docker host a bundle runs on, as far as {@link SecretRotation} needs it: run a command inside a running
 * service and recreate services with the bundle's current {@code .env}. {@link DockerComposeHost} runs
 * {@code docker compose} in the bundle directory; tests plug in a rehearsed stack or a recording fake.
 *
 * <p>Secrets never travel in an argument list: whatever a command needs to know secretly comes from the
 * {@code stdin} file (mode 0600 under {@code .kestra-stack/}), so it is not visible in {@code ps}.
 */
public interface ComposeHost {

    /** The result of one command: its exit code and its output (standard output and error). */
    record Result(int exitCode, String output) {
        /** Whether the command exited with 0. */
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * Why commands cannot run now (no {@code docker} program, {@code docker compose ps} fails, ...), or empty
     * when the host can be reached.
     */
    Optional<String> unreachable();

    /**
     * Like {@code docker compose exec -T SERVICE argv...}.
     *
     * @param service the compose service name
     * @param argv the command inside the service; never a secret
     * @param stdin a file fed to standard input, or null for none
     */
    Result exec(String service, List<String> argv, @Nullable Path stdin);

    /**
     * Like {@code docker compose up -d --no-deps --force-recreate --wait SERVICE...}: the services, and only they,
     * are created again from the compose file resolved with the current {@code .env}, and waited for until
     * healthy.
     */
    Result recreate(List<String> services);
}
