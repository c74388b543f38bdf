package io.kestrastack;

import io.kestrastack.internal.Problems;
import io.kestrastack.internal.SecretAccess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A whole Kestra deployment: PostgreSQL, Kestra and optionally an edge proxy, served at one public
 * address and context path.
 *
 * <p>The public address and the context path are set once here and derived everywhere else:
 * {@code kestra.url}, Micronaut's context path, the edge's site address and location, and the
 * published port when there is no edge. A built {@code Stack} is valid and immutable; render it with
 * {@link io.kestrastack.render.StackRenderer}.
 *
 * <pre>{@code
 * Stack stack = Stack.builder()
 *         .publicAddress("https://flows.example.com")
 *         .kestra(k -> k.username("admin@example.com"))
 *         .build();
 * }</pre>
 */
public final class Stack {

    /** Connections Postgres keeps for superusers ({@code superuser_reserved_connections}). */
    public static final int RESERVED_CONNECTIONS = 3;
    /** Connections left for backups and maintenance sessions on top of Kestra's pools. */
    public static final int SPARE_CONNECTIONS = 2;

    private final String name;
    private final PublicAddress address;
    private final ContextPath contextPath;
    private final KestraLine line;
    private final PostgresService postgres;
    private final KestraService kestra;
    private final @Nullable Edge edge;
    private final String network;
    private final @Nullable Monitoring monitoring;

    private Stack(Builder b, PublicAddress address, ContextPath contextPath, KestraLine line, PostgresService postgres,
            KestraService kestra, @Nullable Edge edge, @Nullable Monitoring monitoring) {
        this.name = b.name;
        this.address = address;
        this.contextPath = contextPath;
        this.line = line;
        this.postgres = postgres;
        this.kestra = kestra;
        this.edge = edge;
        this.network = b.network;
        this.monitoring = monitoring;
    }

    /** A builder with the defaults described on each setter. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this stack. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Compose project name. */
    public String name() {
        return name;
    }

    /** Where users reach the stack. */
    public PublicAddress address() {
        return address;
    }

    /** The path Kestra is served under. */
    public ContextPath contextPath() {
        return contextPath;
    }

    /** The targeted Kestra release line. */
    public KestraLine line() {
        return line;
    }

    /** The PostgreSQL service. */
    public PostgresService postgres() {
        return postgres;
    }

    /** The Kestra service. */
    public KestraService kestra() {
        return kestra;
    }

    /** The edge, if Kestra is served through one. */
    public Optional<Edge> edge() {
        return Optional.ofNullable(edge);
    }

    /** The monitoring part, if the stack has one. */
    public Optional<Monitoring> monitoring() {
        return Optional.ofNullable(monitoring);
    }

    /** The private Compose network every service joins. */
    public String network() {
        return network;
    }

    /** {@code kestra.url}: {@code scheme://host[:port]/path/}, always with exactly one trailing slash. */
    public String kestraUrl() {
        return address.url(contextPath);
    }

    /**
     * The URL of one of Kestra's management endpoints as seen from inside the Kestra container, such as
     * {@code http://localhost:8081/kestra/health/readiness} for {@code health/readiness}.
     *
     * <p>Micronaut puts {@code micronaut.server.context-path} in front of management endpoints, also on
     * their dedicated port (micronaut-core issue #7552; {@code AbstractEndpointRouteBuilder} and its test
     * {@code EndpointsContextPathSpec}): with {@code /kestra}, {@code /health/readiness} answers 404. Every
     * place that names a management URL derives it here.
     *
     * @param endpoint the endpoint path without a leading slash, such as {@code health/readiness}
     */
    public String managementUrl(String endpoint) {
        return "http://localhost:" + KestraService.MANAGEMENT_PORT + managementPath(endpoint);
    }

    /**
     * The path of one of Kestra's management endpoints on the management port, under the context path as
     * {@link #managementUrl(String)} explains: {@code /kestra/prometheus} for {@code prometheus}.
     *
     * @param endpoint the endpoint path without a leading slash
     */
    public String managementPath(String endpoint) {
        if (endpoint.startsWith("/")) {
            throw new IllegalArgumentException("endpoint must not start with /");
        }
        return contextPath.withTrailingSlash() + endpoint;
    }

    /**
     * The host port Kestra's HTTP port is published on: none with an edge; otherwise the port set on
     * the Kestra service, or by default the public address's port for {@code http}, and 8080 for
     * {@code https} (TLS then ends in front of the stack, at a load balancer that forwards to it).
     */
    public Optional<Integer> kestraPublishedPort() {
        if (edge != null) {
            return Optional.empty();
        }
        return Optional.of(kestra.publishedPort().orElse(defaultPublishedPort(address)));
    }

    private static int defaultPublishedPort(PublicAddress address) {
        return address.scheme() == Scheme.HTTP ? address.port() : KestraService.HTTP_PORT;
    }

    /** What the edge is told about this stack. */
    public EdgeContext edgeContext() {
        return new EdgeContext(name, address, contextPath, kestra.serviceName(), KestraService.HTTP_PORT, line);
    }

    /** Every secret of the stack, each variable once, in a stable order. */
    public List<Secret> secrets() {
        Map<String, Secret> byVariable = new LinkedHashMap<>();
        List<Secret> all = allSecrets(postgres, kestra, edge);
        if (monitoring != null) {
            all.addAll(monitoring.secrets());
        }
        for (Secret s : all) {
            byVariable.putIfAbsent(s.variable(), s);
        }
        return List.copyOf(byVariable.values());
    }

    private static List<Secret> allSecrets(PostgresService postgres, KestraService kestra, @Nullable Edge edge) {
        List<Secret> all = new ArrayList<>();
        all.add(postgres.password());
        all.addAll(kestra.secrets());
        if (edge != null) {
            all.addAll(edge.secrets());
        }
        return all;
    }

    @Override
    public String toString() {
        return "Stack[name=" + name + ", url=" + kestraUrl() + ", line=" + line + ", postgres=" + postgres
                + ", kestra=" + kestra + ", edge=" + (edge == null ? "none" : edge.kind()) + "]";
    }

    /** Builds a {@link Stack}; every check, including those of the parts, runs in {@link #build()}. */
    public static final class Builder {
        private String name = "kestra";
        private String publicAddress = "http://localhost:8080";
        private String contextPath = "/";
        private @Nullable KestraLine line;
        private PostgresService.Builder postgres = PostgresService.builder();
        private KestraService.Builder kestra = KestraService.builder();
        private Edge.@Nullable Builder edge;
        private String network = "kestra-stack";
        private Monitoring.@Nullable Builder monitoring;

        private Builder() {}

        private Builder(Stack s) {
            name = s.name;
            publicAddress = s.address.origin();
            contextPath = s.contextPath.value();
            line = s.line;
            postgres = s.postgres.toBuilder();
            kestra = s.kestra.toBuilder();
            Edge e = s.edge;
            edge = e == null ? null : () -> e;
            network = s.network;
            monitoring = s.monitoring == null ? null : s.monitoring.toBuilder();
        }

        /**
         * Compose project name. Defaults to {@code kestra}. Lower-case letters, digits, '-' and '_',
         * starting with a letter or digit.
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Where users reach Kestra: {@code scheme://host[:port]}, without a path. Defaults to
         * {@code http://localhost:8080}.
         */
        public Builder publicAddress(String url) {
            this.publicAddress = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * The path Kestra is served under, such as {@code /kestra}. Defaults to {@code /}. A missing
         * leading slash and one trailing slash are accepted.
         */
        public Builder contextPath(String path) {
            this.contextPath = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * The Kestra release line. Read from the Kestra image tag when unset; required when the tag does
         * not tell (for example a digest-only image).
         */
        public Builder kestraLine(KestraLine line) {
            this.line = Objects.requireNonNull(line, "line");
            return this;
        }

        /** Replaces the PostgreSQL settings. */
        public Builder postgres(PostgresService postgres) {
            this.postgres = Objects.requireNonNull(postgres, "postgres").toBuilder();
            return this;
        }

        /** Edits the PostgreSQL settings. */
        public Builder postgres(Consumer<PostgresService.Builder> edit) {
            edit.accept(postgres);
            return this;
        }

        /** Replaces the Kestra settings. */
        public Builder kestra(KestraService kestra) {
            this.kestra = Objects.requireNonNull(kestra, "kestra").toBuilder();
            return this;
        }

        /** Edits the Kestra settings. */
        public Builder kestra(Consumer<KestraService.Builder> edit) {
            edit.accept(kestra);
            return this;
        }

        /**
         * Serves Kestra through an edge, given as its unbuilt builder so that its problems are reported with
         * the stack's.
         */
        public Builder edge(Edge.Builder edge) {
            this.edge = Objects.requireNonNull(edge, "edge");
            return this;
        }

        /** Serves Kestra through an already built edge. */
        public Builder edge(Edge edge) {
            Objects.requireNonNull(edge, "edge");
            this.edge = () -> edge;
            return this;
        }

        /** Serves Kestra without an edge: its HTTP port is published on the host. */
        public Builder noEdge() {
            this.edge = null;
            return this;
        }

        /** Adds the monitoring part (none by default), replacing any set before. */
        public Builder monitoring(Monitoring monitoring) {
            this.monitoring = Objects.requireNonNull(monitoring, "monitoring").toBuilder();
            return this;
        }

        /** Adds the monitoring part if the stack has none yet, and edits it. */
        public Builder monitoring(Consumer<Monitoring.Builder> edit) {
            if (monitoring == null) {
                monitoring = Monitoring.builder();
            }
            edit.accept(monitoring);
            return this;
        }

        /** Removes the monitoring part (the default). */
        public Builder noMonitoring() {
            this.monitoring = null;
            return this;
        }

        /** Name of the private network. Defaults to {@code kestra-stack}. */
        public Builder network(String network) {
            this.network = Objects.requireNonNull(network, "network");
            return this;
        }

        /**
         * Validates the stack and all its parts and builds it.
         *
         * @throws StackConfigException with every problem of the parts (under {@code postgres},
         *     {@code kestra}, {@code edge}) and of their relations: an invalid name, address or context
         *     path; a release line that disagrees with the image or cannot be known; a port published
         *     behind an edge; service or volume names used twice; one variable name for two different
         *     secrets; {@code max_connections} too small for Kestra's pools; Postgres published on a host
         *     port that Kestra or the edge publishes too; whatever the edge finds wrong with the address, path
         *     or upstream
         */
        public Stack build() {
            Problems p = new Problems();
            if (!name.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
                p.add("name", "invalid-project-name", "'" + name + "' is not a valid Compose project name",
                        "use lower-case letters, digits, '-' and '_', starting with a letter or digit");
            }
            if (!network.matches("[a-z0-9][a-z0-9_.-]{0,62}")) {
                p.add("network", "invalid-network-name", "'" + network + "' is not a valid network name",
                        "use lower-case letters, digits, '-', '.' and '_'");
            }
            PublicAddress parsedAddress = null;
            try {
                parsedAddress = PublicAddress.parse(publicAddress);
            } catch (IllegalArgumentException e) {
                p.add("publicAddress", "invalid-address", e.getMessage(), "write it as https://flows.example.com[:port]");
            }
            ContextPath parsedPath = null;
            try {
                parsedPath = ContextPath.parse(contextPath);
            } catch (IllegalArgumentException e) {
                p.add("contextPath", "invalid-context-path", "the context path " + e.getMessage(),
                        "use / or a path such as /kestra");
            }
            PostgresService pg = p.collect("postgres", postgres::build);
            KestraService k = p.collect("kestra", kestra::build);
            Edge builtEdge = edge == null ? null : p.collect("edge", edge::build);
            Monitoring builtMonitoring = monitoring == null ? null : p.collect("monitoring", monitoring::build);

            KestraLine resolvedLine = line;
            if (k != null) {
                KestraLine fromImage = k.line().orElse(null);
                if (line != null && fromImage != null && line != fromImage) {
                    p.add("kestraLine", "line-mismatch",
                            "the stack targets Kestra " + line.major() + ".x but the image " + k.image() + " is "
                                    + fromImage.major() + ".x",
                            "make kestraLine(...) and the Kestra image agree");
                }
                if (resolvedLine == null) {
                    resolvedLine = fromImage;
                }
                if (resolvedLine == null) {
                    p.add("kestraLine", "required", "the Kestra image tag does not tell the release line",
                            "call kestraLine(KestraLine.V2) (or V1)");
                }
            }

            if (k != null && builtEdge != null && k.publishedPort().isPresent()) {
                p.add("kestra.publishedPort", "published-behind-edge",
                        "Kestra's HTTP port is published although the edge serves it; published ports bypass the"
                                + " edge's TLS and host firewalls",
                        "remove publishedPort(...) or remove the edge");
            }
            if (pg != null && k != null) {
                Map<String, String> serviceNames = new LinkedHashMap<>();
                serviceNames.put(pg.serviceName(), "postgres.serviceName");
                if (serviceNames.putIfAbsent(k.serviceName(), "kestra.serviceName") != null) {
                    p.add("kestra.serviceName", "duplicate-service-name", "service name " + k.serviceName()
                            + " is already used by " + serviceNames.get(k.serviceName()), "give each service its own name");
                }
                if (builtEdge != null && serviceNames.containsKey(builtEdge.serviceName())) {
                    p.add("edge.serviceName", "duplicate-service-name", "service name " + builtEdge.serviceName()
                            + " is already used by " + serviceNames.get(builtEdge.serviceName()),
                            "give each service its own name");
                }
                if (k.storage() instanceof InternalStorage.Local local && local.volume().equals(pg.volume())) {
                    p.add("kestra.storage.volume", "duplicate-volume",
                            "Kestra's storage and Postgres would share the volume " + pg.volume(),
                            "give each its own volume");
                }
                int needed = k.poolSize() * k.jvmCount() + RESERVED_CONNECTIONS + SPARE_CONNECTIONS;
                if (pg.maxConnections().isPresent() && pg.maxConnections().getAsInt() < needed) {
                    p.add("postgres.maxConnections", "too-few-connections",
                            "max_connections " + pg.maxConnections().getAsInt() + " is below the " + needed + " needed: "
                                    + k.jvmCount() + " Kestra JVM(s) x pool " + k.poolSize() + " + "
                                    + RESERVED_CONNECTIONS + " reserved + " + SPARE_CONNECTIONS + " spare",
                            "raise maxConnections to at least " + needed + " or lower kestra.poolSize");
                }
                List<Secret> secrets = allSecrets(pg, k, builtEdge);
                if (builtMonitoring != null) {
                    secrets.addAll(builtMonitoring.secrets());
                    checkMonitoringNames(p, builtMonitoring, pg, k, builtEdge);
                }
                checkSecretNames(p, secrets);
            }
            if (builtEdge == null && pg != null && k != null && parsedAddress != null) {
                checkPortConflict(p, pg, List.of(k.publishedPort().orElse(defaultPublishedPort(parsedAddress))), "Kestra");
            }
            if (builtEdge != null && parsedAddress != null && parsedPath != null && k != null && resolvedLine != null) {
                EdgeContext context = new EdgeContext(name, parsedAddress, parsedPath, k.serviceName(),
                        KestraService.HTTP_PORT, resolvedLine);
                p.addAll("edge", builtEdge.check(context));
                io.kestrastack.render.ServiceSpec edgeService = builtEdge.service(context);
                if (pg != null) {
                    checkPortConflict(p, pg, edgeService.ports().stream()
                            .map(io.kestrastack.render.ServiceSpec.Port::hostPort).toList(), "the edge");
                    List<String> taken = new ArrayList<>(List.of(pg.volume()));
                    if (k.storage() instanceof InternalStorage.Local local) {
                        taken.add(local.volume());
                    }
                    for (io.kestrastack.render.ServiceSpec.Mount m : edgeService.mounts()) {
                        if (m.volume() && taken.contains(m.source())) {
                            p.add("edge.volume", "duplicate-volume",
                                    "the edge would share the volume " + m.source() + " with Postgres or Kestra",
                                    "give the edge's volumes their own names");
                        }
                    }
                }
            }
            p.throwIfAny();
            return new Stack(this, Objects.requireNonNull(parsedAddress), Objects.requireNonNull(parsedPath),
                    Objects.requireNonNull(resolvedLine), Objects.requireNonNull(pg), Objects.requireNonNull(k),
                    builtEdge, builtMonitoring);
        }

        /** The monitoring part's fixed service and volume names and host ports are not taken by the other parts. */
        private static void checkMonitoringNames(Problems p, Monitoring m, PostgresService pg, KestraService k,
                @Nullable Edge edge) {
            List<String> services = new ArrayList<>(List.of(pg.serviceName(), k.serviceName()));
            if (edge != null) {
                services.add(edge.serviceName());
            }
            for (String s : services) {
                if (Monitoring.SERVICE_NAMES.contains(s)) {
                    p.add("monitoring", "duplicate-service-name", "service name " + s + " is used by the monitoring part",
                            "rename the other service");
                }
            }
            List<String> volumes = new ArrayList<>(List.of(pg.volume()));
            if (k.storage() instanceof InternalStorage.Local local) {
                volumes.add(local.volume());
            }
            for (String v : volumes) {
                if (Monitoring.VOLUME_NAMES.contains(v)) {
                    p.add("monitoring", "duplicate-volume", "volume " + v + " is used by the monitoring part",
                            "rename the other volume");
                }
            }
            List<Integer> ports = new ArrayList<>();
            m.prometheusPort().ifPresent(ports::add);
            m.alertmanagerPort().ifPresent(ports::add);
            pg.publishedPort().ifPresent(port -> {
                if (ports.contains(port)) {
                    p.add("monitoring", "port-conflict", "the monitoring part and Postgres would both publish host port "
                            + port, "publish them on different ports");
                }
            });
            k.publishedPort().ifPresent(port -> {
                if (ports.contains(port)) {
                    p.add("monitoring", "port-conflict", "the monitoring part and Kestra would both publish host port "
                            + port, "publish them on different ports");
                }
            });
        }

        /** Postgres and the service the users reach cannot publish the same host port. */
        private static void checkPortConflict(Problems p, PostgresService pg, List<Integer> otherPorts, String other) {
            if (pg.publishedPort().isPresent() && otherPorts.contains(pg.publishedPort().getAsInt())) {
                p.add("postgres.publishedPort", "port-conflict",
                        "Postgres and " + other + " would both publish host port " + pg.publishedPort().getAsInt(),
                        "publish Postgres on another port, such as 15432");
            }
        }

        private static void checkSecretNames(Problems p, List<Secret> secrets) {
            Map<String, Secret> seen = new LinkedHashMap<>();
            for (Secret s : secrets) {
                Secret earlier = seen.putIfAbsent(s.variable(), s);
                if (earlier != null && earlier != s
                        && !SecretAccess.reveal(earlier).equals(SecretAccess.reveal(s))) {
                    p.add("secrets." + s.variable(), "duplicate-variable",
                            "two different secrets use the variable " + s.variable(),
                            "give each secret its own variable name");
                }
            }
        }
    }
}
