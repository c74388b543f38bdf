package io.kestrastack.render;

import io.kestrastack.ImageRef;
import io.kestrastack.Secret;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One Compose service, described without any YAML or escaping: what the compose renderer turns into a
 * service entry. Edges return one from {@link io.kestrastack.Edge#service}.
 *
 * <p>Every service restarts {@code unless-stopped} and joins the stack's private network; those are not
 * options.
 */
public final class ServiceSpec {

    /** A value in a service's {@code environment}. */
    public sealed interface Env permits Literal, SecretRef {}

    /**
     * A literal value; the renderer doubles every {@code $} so that Compose passes it through unchanged.
     *
     * @param value the exact value the container sees
     */
    public record Literal(String value) implements Env {
        public Literal {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A reference to a secret in {@code .env}, rendered as {@code ${VARIABLE}}.
     *
     * @param secret the secret
     * @param purpose one line for the comment above the variable in {@code .env}
     * @param base64 whether {@code .env} holds the standard base64 of the value rather than the value
     */
    public record SecretRef(Secret secret, String purpose, boolean base64) implements Env {
        public SecretRef {
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(purpose, "purpose");
            if (purpose.contains("\n")) {
                throw new IllegalArgumentException("purpose must be one line");
            }
        }
    }

    /**
     * A published port.
     *
     * @param hostIp the host address to bind, or {@code null} for all addresses
     * @param hostPort port on the host
     * @param containerPort port in the container
     * @param protocol {@code tcp} or {@code udp}
     */
    public record Port(@Nullable String hostIp, int hostPort, int containerPort, String protocol) {
        public Port {
            Objects.requireNonNull(protocol, "protocol");
            if (!protocol.equals("tcp") && !protocol.equals("udp")) {
                throw new IllegalArgumentException("protocol must be tcp or udp");
            }
        }

        /** A TCP port published on every host address. */
        public static Port tcp(int hostPort, int containerPort) {
            return new Port(null, hostPort, containerPort, "tcp");
        }
    }

    /**
     * A mount.
     *
     * @param volume true for a named volume, false for a bind mount of a host path
     * @param source volume name, or host path (absolute or starting with {@code ./})
     * @param target path in the container
     * @param readOnly whether the container may only read it
     */
    public record Mount(boolean volume, String source, String target, boolean readOnly) {
        public Mount {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(target, "target");
        }

        /** A named volume. */
        public static Mount volume(String name, String target) {
            return new Mount(true, name, target, false);
        }

        /** A bind mount of a host path. */
        public static Mount bind(String hostPath, String target, boolean readOnly) {
            return new Mount(false, hostPath, target, readOnly);
        }
    }

    /**
     * A healthcheck.
     *
     * @param test the command, starting with {@code CMD} or {@code CMD-SHELL}
     * @param interval e.g. {@code 10s}
     * @param timeout e.g. {@code 5s}
     * @param retries consecutive failures before unhealthy
     * @param startPeriod grace period after start, e.g. {@code 90s}
     */
    public record HealthCheck(List<String> test, String interval, String timeout, int retries, String startPeriod) {
        public HealthCheck {
            test = List.copyOf(test);
            if (test.isEmpty() || !(test.get(0).equals("CMD") || test.get(0).equals("CMD-SHELL"))) {
                throw new IllegalArgumentException("test must start with CMD or CMD-SHELL");
            }
        }
    }

    /** When a dependent service may start, as Compose's {@code depends_on} conditions name it. */
    public enum Condition {
        /** {@code service_healthy}: the dependency's healthcheck passes. */
        HEALTHY("service_healthy"),
        /** {@code service_completed_successfully}: the dependency ran to completion with exit code 0. */
        COMPLETED("service_completed_successfully");

        private final String composeName;

        Condition(String composeName) {
            this.composeName = composeName;
        }

        /** The condition as Compose spells it. */
        public String composeName() {
            return composeName;
        }
    }

    /**
     * A dependency on another service.
     *
     * @param condition when this service may start
     * @param reason why it waits, for readers of the code
     */
    public record Dependency(Condition condition, String reason) {
        public Dependency {
            Objects.requireNonNull(condition, "condition");
            Objects.requireNonNull(reason, "reason");
        }
    }

    private final String name;
    private final ImageRef image;
    private final List<String> entrypoint;
    private final List<String> command;
    private final boolean oneShot;
    private final boolean privileged;
    private final @Nullable String user;
    private final @Nullable String stopGracePeriod;
    private final Map<String, Dependency> dependsOn;
    private final Map<String, Env> environment;
    private final List<Port> ports;
    private final List<Mount> mounts;
    private final @Nullable HealthCheck healthCheck;

    private ServiceSpec(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.image = Objects.requireNonNull(b.image, "image");
        this.entrypoint = List.copyOf(b.entrypoint);
        this.command = List.copyOf(b.command);
        this.oneShot = b.oneShot;
        this.privileged = b.privileged;
        this.user = b.user;
        this.stopGracePeriod = b.stopGracePeriod;
        this.dependsOn = Collections.unmodifiableMap(new LinkedHashMap<>(b.dependsOn));
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
        this.ports = List.copyOf(b.ports);
        this.mounts = List.copyOf(b.mounts);
        this.healthCheck = b.healthCheck;
    }

    /** A builder for a service called {@code name} running {@code image}. */
    public static Builder builder(String name, ImageRef image) {
        return new Builder(name, image);
    }

    /** Service name. */
    public String name() {
        return name;
    }

    /** Image. */
    public ImageRef image() {
        return image;
    }

    /** The entrypoint (exec form); empty for the image's own. */
    public List<String> entrypoint() {
        return entrypoint;
    }

    /**
     * Whether the service runs once to completion (an init step) instead of staying up: it is never
     * restarted, and dependents wait for {@link Condition#COMPLETED}.
     */
    public boolean oneShot() {
        return oneShot;
    }

    /** Whether the container runs {@code privileged} (all capabilities, no seccomp or AppArmor confinement). */
    public boolean privileged() {
        return privileged;
    }

    /** Command arguments (exec form); empty for the image's default. */
    public List<String> command() {
        return command;
    }

    /** User to run as, if not the image's. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** How long Compose waits after SIGTERM, if not its default. */
    public Optional<String> stopGracePeriod() {
        return Optional.ofNullable(stopGracePeriod);
    }

    /** Services this one waits for, in order, each with its condition. */
    public Map<String, Dependency> dependsOn() {
        return dependsOn;
    }

    /** The services this one waits for until healthy; values are the reason, for readers of the code. */
    public Map<String, String> dependsOnHealthy() {
        Map<String, String> out = new LinkedHashMap<>();
        dependsOn.forEach((service, d) -> {
            if (d.condition() == Condition.HEALTHY) {
                out.put(service, d.reason());
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** Environment, in order. */
    public Map<String, Env> environment() {
        return environment;
    }

    /** Published ports. */
    public List<Port> ports() {
        return ports;
    }

    /** Mounts. */
    public List<Mount> mounts() {
        return mounts;
    }

    /** Healthcheck, if any. */
    public Optional<HealthCheck> healthCheck() {
        return Optional.ofNullable(healthCheck);
    }

    /** The secret references in the environment, in order. */
    public List<SecretRef> secretRefs() {
        List<SecretRef> out = new ArrayList<>();
        for (Env e : environment.values()) {
            if (e instanceof SecretRef ref) {
                out.add(ref);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "ServiceSpec[" + name + ", " + image + "]";
    }

    /** Builds a {@link ServiceSpec}. */
    public static final class Builder {
        private final String name;
        private final ImageRef image;
        private final List<String> entrypoint = new ArrayList<>();
        private final List<String> command = new ArrayList<>();
        private boolean oneShot;
        private boolean privileged;
        private @Nullable String user;
        private @Nullable String stopGracePeriod;
        private final Map<String, Dependency> dependsOn = new LinkedHashMap<>();
        private final Map<String, Env> environment = new LinkedHashMap<>();
        private final List<Port> ports = new ArrayList<>();
        private final List<Mount> mounts = new ArrayList<>();
        private @Nullable HealthCheck healthCheck;

        private Builder(String name, ImageRef image) {
            this.name = Objects.requireNonNull(name, "name");
            this.image = Objects.requireNonNull(image, "image");
        }

        /** Replaces the entrypoint. */
        public Builder entrypoint(List<String> args) {
            entrypoint.clear();
            entrypoint.addAll(args);
            return this;
        }

        /** Makes this a run-once service: never restarted, and awaited until it completed successfully. */
        public Builder oneShot() {
            this.oneShot = true;
            return this;
        }

        /** Runs the container privileged. */
        public Builder privileged() {
            this.privileged = true;
            return this;
        }

        /** Replaces the command. */
        public Builder command(List<String> args) {
            command.clear();
            command.addAll(args);
            return this;
        }

        /** Runs the container as {@code user}. */
        public Builder user(String user) {
            this.user = Objects.requireNonNull(user);
            return this;
        }

        /** Sets {@code stop_grace_period}. */
        public Builder stopGracePeriod(String period) {
            this.stopGracePeriod = Objects.requireNonNull(period);
            return this;
        }

        /** Waits for {@code service} to be healthy before starting. */
        public Builder dependsOnHealthy(String service, String reason) {
            dependsOn.put(Objects.requireNonNull(service), new Dependency(Condition.HEALTHY, reason));
            return this;
        }

        /** Waits for the one-shot {@code service} to have exited with code 0 before starting. */
        public Builder dependsOnCompleted(String service, String reason) {
            dependsOn.put(Objects.requireNonNull(service), new Dependency(Condition.COMPLETED, reason));
            return this;
        }

        /** Adds a literal environment variable. */
        public Builder putLiteral(String name, String value) {
            environment.put(Objects.requireNonNull(name), new Literal(value));
            return this;
        }

        /** Adds an environment variable that refers to a secret in {@code .env}. */
        public Builder putSecret(String name, Secret secret, String purpose) {
            environment.put(Objects.requireNonNull(name), new SecretRef(secret, purpose, false));
            return this;
        }

        /** Adds an environment variable whose {@code .env} value is the base64 of the secret. */
        public Builder putSecretBase64(String name, Secret secret, String purpose) {
            environment.put(Objects.requireNonNull(name), new SecretRef(secret, purpose, true));
            return this;
        }

        /** Publishes a port. */
        public Builder addPort(Port port) {
            ports.add(Objects.requireNonNull(port));
            return this;
        }

        /** Adds a mount. */
        public Builder addMount(Mount mount) {
            mounts.add(Objects.requireNonNull(mount));
            return this;
        }

        /** Sets the healthcheck. */
        public Builder healthCheck(HealthCheck check) {
            this.healthCheck = Objects.requireNonNull(check);
            return this;
        }

        /** Builds the description. */
        public ServiceSpec build() {
            return new ServiceSpec(this);
        }
    }
}
