package io.kestrastack.render;

import io.kestrastack.ConfigDelivery;
import io.kestrastack.ForwardProxy;
import io.kestrastack.InternalStorage;
import io.kestrastack.KestraService;
import io.kestrastack.PostgresService;
import io.kestrastack.ScriptTasks;
import io.kestrastack.Secret;
import io.kestrastack.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Compose services of a stack, as descriptions: Postgres, Kestra, then the edge's. */
public final class StackServices {

    private StackServices() {}

    /** Where a bundle's {@code flows/} folder is mounted in the Kestra container, read-only. */
    public static final String FLOWS_CONTAINER_PATH = "/app/flows";

    /** Every service of the stack, in rendering order, for a bundle without flows to load. */
    public static List<ServiceSpec> of(Stack stack) {
        return of(stack, false);
    }

    /**
     * Every service of the stack, in rendering order.
     *
     * @param loadFlows whether the bundle has a {@code flows/} folder: it is then mounted read-only and
     *     {@code server standalone --flow-path} loads it at every start
     */
    public static List<ServiceSpec> of(Stack stack, boolean loadFlows) {
        List<ServiceSpec> services = new ArrayList<>();
        services.add(postgres(stack.postgres()));
        storageInit(stack).ifPresent(services::add);
        dind(stack).ifPresent(services::add);
        services.add(kestra(stack, loadFlows));
        stack.edge().ifPresent(edge -> services.add(edge.service(stack.edgeContext())));
        return services;
    }

    /** The {@code .env} comment of the Postgres password, whichever service refers to it first. */
    public static String postgresPasswordPurpose(PostgresService pg) {
        return "Password of the PostgreSQL role " + pg.user() + ". Postgres reads it only when its data"
                + " directory is first created: never change it here alone.";
    }

    static ServiceSpec postgres(PostgresService pg) {
        ServiceSpec.Builder b = ServiceSpec.builder(pg.serviceName(), pg.image())
                .putLiteral("POSTGRES_DB", pg.database())
                .putLiteral("POSTGRES_USER", pg.user())
                .putSecret("POSTGRES_PASSWORD", pg.password(), postgresPasswordPurpose(pg));
        pg.maxConnections().ifPresent(max -> b.command(List.of("postgres", "-c", "max_connections=" + max)));
        // Docker's default 10 s can cut a fast shutdown's final checkpoint short; then the next start replays WAL.
        b.stopGracePeriod("2m");
        pg.publishedPort().ifPresent(port -> b.addPort(new ServiceSpec.Port(pg.publishAddress(), port, 5432, "tcp")));
        b.addMount(ServiceSpec.Mount.volume(pg.volume(), pg.dataPath()));
        // ${...} here is for the shell inside the container; the compose renderer doubles the $.
        b.healthCheck(new ServiceSpec.HealthCheck(
                List.of("CMD-SHELL", "pg_isready -U \"${POSTGRES_USER}\" -d \"${POSTGRES_DB}\""),
                "10s", "5s", 10, "30s"));
        return b.build();
    }

    /** The name of the one-shot service that hands the local storage volume to Kestra's user. */
    public static String storageInitName(KestraService k) {
        return k.serviceName() + "-storage-init";
    }

    /**
     * A one-shot service on Kestra's own image that makes the local storage volume belong to the image's
     * {@code kestra} user, for stacks whose Kestra does not run as root.
     *
     * <p>The image runs as the non-root user {@code kestra} and has no {@code /app/storage} directory
     * (Kestra's Dockerfile: {@code useradd -m -g kestra kestra}, {@code USER kestra}), so a fresh named
     * volume there is owned by root and every storage write fails; Kestra's own compose file hides this with
     * {@code user: root}. The chown names the user, not a number, so it holds whatever uid the image gives
     * it. It runs at every {@code up}, so files a root-run Kestra left behind (with Docker tasks on the host
     * socket) are handed back when that mode is switched off.
     */
    static Optional<ServiceSpec> storageInit(Stack stack) {
        KestraService k = stack.kestra();
        List<ServiceSpec.Mount> owned = new ArrayList<>();
        if (k.storage() instanceof InternalStorage.Local local) {
            owned.add(ServiceSpec.Mount.volume(local.volume(), local.basePath()));
        }
        owned.addAll(dindVolumes(k));
        if (owned.isEmpty() || k.runsAsRoot()) {
            return Optional.empty();
        }
        List<String> entrypoint = new ArrayList<>(List.of("chown", "-R", "kestra:kestra"));
        owned.forEach(m -> entrypoint.add(m.target()));
        ServiceSpec.Builder b = ServiceSpec.builder(storageInitName(k), k.image())
                .oneShot()
                .user("root")
                // The image's entrypoint hands its arguments to the Kestra CLI; chown must replace it.
                .entrypoint(entrypoint);
        owned.forEach(b::addMount);
        return Optional.of(b.build());
    }

    /** The socket directory shared by Kestra and the Docker-in-Docker sidecar. */
    public static final String DIND_SOCKET_DIR = "/dind";

    /** The name of the rootless Docker-in-Docker sidecar. */
    public static String dindName(KestraService k) {
        return k.serviceName() + "-dind";
    }

    /**
     * The volumes Kestra shares with the dind sidecar: the daemon's socket directory, and the task directory at
     * the same path in both, so the paths Kestra's Docker task runner asks the daemon to mount exist there.
     */
    private static List<ServiceSpec.Mount> dindVolumes(KestraService k) {
        if (k.scriptTasks() != ScriptTasks.DOCKER_IN_DOCKER) {
            return List.of();
        }
        return List.of(ServiceSpec.Mount.volume(k.serviceName() + "-dind-socket", DIND_SOCKET_DIR),
                ServiceSpec.Mount.volume(k.serviceName() + "-task-tmp", k.tmpDirMount()));
    }

    /**
     * The rootless Docker-in-Docker sidecar that runs script tasks' containers, shaped like the {@code dind}
     * service of Kestra's own {@code docker-compose-dind.yml}: {@code privileged} (rootless dockerd still needs
     * it for its user namespace), its socket in a shared directory named by {@code DOCKER_HOST} (the image's
     * {@code dockerd-entrypoint.sh} listens on a {@code unix://} DOCKER_HOST), {@code --group=1000} so that
     * Kestra's user can use the socket.
     */
    static Optional<ServiceSpec> dind(Stack stack) {
        KestraService k = stack.kestra();
        if (k.scriptTasks() != ScriptTasks.DOCKER_IN_DOCKER) {
            return Optional.empty();
        }
        ServiceSpec.Builder b = ServiceSpec.builder(dindName(k), k.dindImage())
                .privileged()
                .command(List.of("--group=1000"))
                .putLiteral("DOCKER_HOST", "unix://" + DIND_SOCKET_DIR + "/docker.sock")
                .healthCheck(new ServiceSpec.HealthCheck(List.of("CMD", "docker", "info"), "10s", "5s", 10, "30s"));
        storageInit(stack).ifPresent(init -> b.dependsOnCompleted(init.name(),
                "the socket and task directories must belong to the daemon's user first"));
        dindVolumes(k).forEach(b::addMount);
        return Optional.of(b.build());
    }

    static ServiceSpec kestra(Stack stack, boolean loadFlows) {
        KestraService k = stack.kestra();
        PostgresService pg = stack.postgres();
        ServiceSpec.Builder b = ServiceSpec.builder(k.serviceName(), k.image());
        List<String> command = new ArrayList<>(List.of("server", "standalone"));
        k.workerThreads().ifPresent(n -> command.add("--worker-thread=" + n));
        if (k.configDelivery() == ConfigDelivery.FILE) {
            command.add("--config");
            command.add(KestraConfigRenderer.CONTAINER_PATH);
        }
        if (loadFlows) {
            command.add("--flow-path");
            command.add(FLOWS_CONTAINER_PATH);
        }
        b.command(command);
        if (k.runsAsRoot()) {
            b.user("root");
        }
        b.stopGracePeriod("6m");
        b.dependsOnHealthy(pg.serviceName(), "Kestra needs its repository and queue");
        storageInit(stack).ifPresent(init -> b.dependsOnCompleted(init.name(),
                "the storage volume must belong to Kestra's user before Kestra writes to it"));
        dind(stack).ifPresent(d -> b.dependsOnHealthy(d.name(), "script tasks run their containers on this daemon"));
        if (k.scriptTasks() == ScriptTasks.DOCKER_IN_DOCKER) {
            b.putLiteral("DOCKER_HOST", "unix://" + DIND_SOCKET_DIR + "/docker.sock");
        }

        b.putSecret(pg.password().variable(), pg.password(), postgresPasswordPurpose(pg));
        b.putSecret(k.basicAuth().password().variable(), k.basicAuth().password(),
                "Kestra basic-auth password of " + k.basicAuth().username() + ".");
        k.encryptionKey().ifPresent(key -> b.putSecret(key.variable(), key,
                "kestra.encryption.secret-key (base64 of 32 bytes). Changing it makes stored SECRET values unreadable."));
        for (Secret s : k.storage().secrets()) {
            b.putSecret(s.variable(), s, "Credential of Kestra's " + k.storage().type() + " internal storage.");
        }
        k.forwardProxy().flatMap(ForwardProxy::secret).ifPresent(s -> b.putSecret(s.variable(), s,
                "Credential of the forward proxy " + k.forwardProxy().orElseThrow().address() + ".")); 
        if (k.storage() instanceof InternalStorage.Gcs gcs && gcs.serviceAccountFile() != null) {
            b.putLiteral("GOOGLE_APPLICATION_CREDENTIALS", InternalStorage.Gcs.CONTAINER_PATH);
        }
        for (Secret s : k.flowSecrets()) {
            b.putSecretBase64(s.variable(), s, "Flow secret " + s.variable().substring("SECRET_".length())
                    + " ({{ secret('" + s.variable().substring("SECRET_".length()) + "') }}), base64-encoded as Kestra expects.");
        }
        for (Map.Entry<String, String> e : k.flowEnvironment().entrySet()) {
            b.putLiteral("ENV_" + e.getKey(), e.getValue());
        }
        k.javaOpts().ifPresent(opts -> b.putLiteral("JAVA_OPTS", opts));
        if (k.configDelivery() == ConfigDelivery.INLINE) {
            b.putLiteral("KESTRA_CONFIGURATION", new KestraConfigRenderer().yaml(stack));
        }

        // A stack reached at a loopback address is local: publish Kestra on that address only, not on every
        // interface (Docker-published ports bypass host firewalls).
        String host = stack.address().host();
        String hostIp = !stack.address().isLoopback() ? null : host.matches("[0-9.]+") ? host : "127.0.0.1";
        stack.kestraPublishedPort().ifPresent(port -> b.addPort(
                new ServiceSpec.Port(hostIp, port, KestraService.HTTP_PORT, "tcp")));
        if (k.storage() instanceof InternalStorage.Local local) {
            b.addMount(ServiceSpec.Mount.volume(local.volume(), local.basePath()));
        }
        if (k.storage() instanceof InternalStorage.Gcs gcs && gcs.serviceAccountFile() != null) {
            b.addMount(ServiceSpec.Mount.bind(gcs.serviceAccountFile(), InternalStorage.Gcs.CONTAINER_PATH, true));
        }
        if (k.configDelivery() == ConfigDelivery.FILE) {
            b.addMount(ServiceSpec.Mount.bind("./" + KestraConfigRenderer.PATH, KestraConfigRenderer.CONTAINER_PATH, true));
        }
        if (loadFlows) {
            b.addMount(ServiceSpec.Mount.bind("./flows", FLOWS_CONTAINER_PATH, true));
        }
        dindVolumes(k).forEach(b::addMount);
        if (k.dockerTasks()) {
            b.addMount(ServiceSpec.Mount.bind("/var/run/docker.sock", "/var/run/docker.sock", false));
            b.addMount(ServiceSpec.Mount.bind(k.tmpDirMount(), k.tmpDirMount(), false));
        }
        b.healthCheck(new ServiceSpec.HealthCheck(
                List.of("CMD", "curl", "-fsS", stack.managementUrl("health/readiness")),
                "15s", "5s", 10, "90s"));
        return b.build();
    }
}
