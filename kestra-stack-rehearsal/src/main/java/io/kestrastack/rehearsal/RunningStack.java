package io.kestrastack.rehearsal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The rehearsed stack while it is up, handed to {@link Rehearsal#run(java.util.function.Consumer)} after every
 * built-in check from outside has passed. It plays the parts of the Docker host that a test needs: a client outside,
 * {@code docker compose exec} and {@code docker compose up -d --no-deps --force-recreate}.
 */
public interface RunningStack {

    /** The rehearsed copy of the bundle; files written here (its {@code .env}, say) are what {@link #recreate} reads. */
    Path bundle();

    /** The public URL Kestra is configured with ({@code kestra.url}). */
    URI publicUrl();

    /** The rehearsal's report. */
    Log log();

    /**
     * Runs {@code argv} on the test side: the host namespace, where the public host name resolves to 127.0.0.1 and
     * the published ports listen, as a client on the network would see the stack.
     *
     * @param argv the command
     * @param timeout how long it may take
     * @return its exit code and output
     */
    Exec.Result outside(List<String> argv, Duration timeout);

    /**
     * Like {@code docker compose exec -T SERVICE argv...}: inside the running service (its network, mounts and root),
     * with the service's resolved environment.
     *
     * @param service the compose service name
     * @param argv the command
     * @param stdin a file fed to standard input, or null for none
     * @param timeout how long it may take
     * @return its exit code and output
     */
    Exec.Result exec(String service, List<String> argv, @Nullable Path stdin, Duration timeout);

    /**
     * Like {@code docker compose up -d --no-deps --force-recreate SERVICE...}: resolves the compose file again with
     * the bundle's current {@code .env}, stops each service and starts it again in the given order, waiting until
     * it is healthy as at first start. Published ports keep their forwarders (the service keeps its address).
     *
     * @param services compose service names
     * @throws RehearsalFailure when a service does not come back healthy
     */
    void recreate(List<String> services);

    /**
     * A PEM file on this machine that anchors trust in the edge's certificate: the test certificate the rehearsal
     * made (or the bundle's own file), or the root of Caddy's internal CA; empty when the stack serves no TLS.
     */
    Optional<Path> trustAnchor();
}
