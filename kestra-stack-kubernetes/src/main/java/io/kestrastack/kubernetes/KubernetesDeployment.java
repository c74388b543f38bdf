package io.kestrastack.kubernetes;

import io.kestrastack.InternalStorage;
import io.kestrastack.KestraLine;
import io.kestrastack.Secret;
import io.kestrastack.Stack;
import io.kestrastack.StackConfigException;
import io.kestrastack.internal.Problems;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A Kestra deployment on Kubernetes, built from the same {@link Stack} model as the Compose bundle: the
 * public address, context path, Kestra image and line, basic auth, encryption key, storage, flow secrets
 * and pool size come from the stack; the database, topology, edge and pod settings are Kubernetes' own.
 *
 * <pre>{@code
 * KubernetesDeployment d = KubernetesDeployment.builder()
 *         .stack(s -> s.publicAddress("https://kestra.example.com")
 *                 .kestra(k -> k.username("admin@example.com")
 *                         .storage(new InternalStorage.S3("kestra-data", "eu-west-1", null, null, null, false))))
 *         .namespace("kestra")
 *         .topology(Topology.SPLIT).workers(3)
 *         .postgres(p -> p.host("kestra-db.example.internal").passwordFromSecret("kestra-db", "password"))
 *         .edge(KubernetesEdge.ingressNginx().withTls(IngressTls.certManager("letsencrypt", true, "kestra-tls")))
 *         .build();
 * }</pre>
 *
 * <p>The stack's Compose-only parts are not used: its PostgreSQL service (the database is external here),
 * its edge (an Ingress or HTTPRoute replaces Caddy or nginx; {@code build()} refuses a stack with one) and
 * its Compose names.
 */
public final class KubernetesDeployment {

    /** Kestra's gRPC port for workers on 2.x (kestra docs, migration guide 2.0.0). */
    public static final int CONTROLLER_PORT = 50051;
    /**
     * Kestra's Helm chart default ({@code common.terminationGracePeriodSeconds: 360}, kestra-io/helm-charts
     * {@code charts/kestra/values.yaml}); Kestra itself drains for up to 5 minutes
     * ({@code kestra.server.terminationGracePeriod: 5m} in cli {@code application.yml}).
     */
    public static final int DEFAULT_GRACE_SECONDS = 360;

    private final Stack stack;
    private final String namespace;
    private final boolean createNamespace;
    private final Topology topology;
    private final int replicas;
    private final int workers;
    private final @Nullable Integer workerThreads;
    private final ExternalPostgres postgres;
    private final KubernetesEdge edge;
    private final Map<Component, PodResources> resources;
    private final int terminationGraceSeconds;
    private final Map<String, String> serviceAccountAnnotations;
    private final String storageSize;
    private final @Nullable String storageClass;
    private final List<String> workerEgressCidrs;
    private final boolean readOnlyRootFilesystem;

    private KubernetesDeployment(Builder b, Stack stack, ExternalPostgres postgres) {
        this.stack = stack;
        this.namespace = b.namespace;
        this.createNamespace = b.createNamespace;
        this.topology = b.topology;
        this.replicas = b.replicas;
        this.workers = b.workers;
        this.workerThreads = b.workerThreads;
        this.postgres = postgres;
        this.edge = Objects.requireNonNull(b.edge);
        this.resources = Collections.unmodifiableMap(new EnumMap<>(b.resources));
        this.terminationGraceSeconds = b.terminationGraceSeconds;
        this.serviceAccountAnnotations = Collections.unmodifiableMap(new LinkedHashMap<>(b.serviceAccountAnnotations));
        this.storageSize = b.storageSize;
        this.storageClass = b.storageClass;
        this.workerEgressCidrs = List.copyOf(b.workerEgressCidrs);
        this.readOnlyRootFilesystem = b.readOnlyRootFilesystem;
    }

    /** A builder with the defaults described on each setter. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this deployment. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The Kestra model: address, context path, image, line, auth, storage, secrets. */
    public Stack stack() {
        return stack;
    }

    /** The namespace every object lives in. */
    public String namespace() {
        return namespace;
    }

    /** Whether a Namespace object is rendered. */
    public boolean createNamespace() {
        return createNamespace;
    }

    /** The topology. */
    public Topology topology() {
        return topology;
    }

    /** The release line (from the stack). */
    public KestraLine line() {
        return stack.line();
    }

    /** Replicas of the pod serving HTTP (the standalone pod, or the webserver). */
    public int replicas() {
        return replicas;
    }

    /** Worker replicas (split topology). */
    public int workers() {
        return workers;
    }

    /** {@code --thread} of each worker ({@code --worker-thread} when standalone), if set. */
    public OptionalInt workerThreads() {
        return workerThreads == null ? OptionalInt.empty() : OptionalInt.of(workerThreads);
    }

    /** The database. */
    public ExternalPostgres postgres() {
        return postgres;
    }

    /** The edge. */
    public KubernetesEdge edge() {
        return edge;
    }

    /** Object name prefix and {@code app.kubernetes.io/instance} label: the stack's name. */
    public String name() {
        return stack.name();
    }

    /** The components run, in a fixed order, each with its replica count. */
    public Map<Component, Integer> components() {
        return components(topology, stack.line(), replicas, workers);
    }

    private static Map<Component, Integer> components(Topology topology, KestraLine line, int replicas, int workers) {
        Map<Component, Integer> out = new EnumMap<>(Component.class);
        if (topology == Topology.STANDALONE) {
            out.put(Component.STANDALONE, replicas);
            return out;
        }
        out.put(Component.WEBSERVER, replicas);
        out.put(Component.EXECUTOR, 1);
        out.put(Component.SCHEDULER, 1);
        out.put(Component.WORKER, workers);
        if (line == KestraLine.V2) {
            out.put(Component.CONTROLLER, 1);
        }
        return out;
    }

    /** The resources of a component's container. */
    public PodResources resources(Component component) {
        return resources.getOrDefault(component, PodResources.defaults());
    }

    /** {@code terminationGracePeriodSeconds} of every pod. */
    public int terminationGraceSeconds() {
        return terminationGraceSeconds;
    }

    /** Annotations of the ServiceAccount, such as IRSA's {@code eks.amazonaws.com/role-arn}. */
    public Map<String, String> serviceAccountAnnotations() {
        return serviceAccountAnnotations;
    }

    /** Size of the volume claim for local storage (standalone, one replica). */
    public String storageSize() {
        return storageSize;
    }

    /** Storage class of that claim, if set. */
    public Optional<String> storageClass() {
        return Optional.ofNullable(storageClass);
    }

    /** Address ranges workers may reach besides the database, object storage and controller. */
    public List<String> workerEgressCidrs() {
        return workerEgressCidrs;
    }

    /** Whether containers get a read-only root filesystem (with writable {@code /tmp}). */
    public boolean readOnlyRootFilesystem() {
        return readOnlyRootFilesystem;
    }

    /**
     * Secrets rendered into kestra-stack's Secret, each variable once: the stack's Kestra secrets, and the
     * database password unless it comes from an existing Secret.
     */
    public List<Secret> secrets() {
        Map<String, Secret> byVariable = new LinkedHashMap<>();
        postgres.password().ifPresent(s -> byVariable.put(s.variable(), s));
        for (Secret s : stack.kestra().secrets()) {
            byVariable.putIfAbsent(s.variable(), s);
        }
        return List.copyOf(byVariable.values());
    }

    /**
     * Connections Kestra may hold open at the worst moment: each database-using pod's pool, counting one
     * extra pod per Deployment during a rolling update ({@code maxSurge: 1}); a Deployment on a
     * ReadWriteOnce volume is recreated instead and has no surge pod.
     */
    public int connectionBudget() {
        return connectionBudget(components(), stack, usesLocalVolume());
    }

    private static int connectionBudget(Map<Component, Integer> components, Stack stack, boolean recreate) {
        int pods = 0;
        for (Map.Entry<Component, Integer> e : components.entrySet()) {
            if (e.getKey().usesDatabase(stack.line())) {
                pods += e.getValue() + (recreate ? 0 : 1);
            }
        }
        return pods * stack.kestra().poolSize();
    }

    /** Whether the standalone pod keeps local storage on a ReadWriteOnce volume. */
    public boolean usesLocalVolume() {
        return stack.kestra().storage() instanceof InternalStorage.Local;
    }

    @Override
    public String toString() {
        return "KubernetesDeployment[" + namespace + ", " + topology + ", components=" + components() + ", postgres="
                + postgres + ", edge=" + edge.getClass().getSimpleName() + ", stack=" + stack + "]";
    }

    /** Builds a {@link KubernetesDeployment}; every check runs in {@link #build()}. */
    public static final class Builder {
        private Stack.Builder stack = Stack.builder();
        private @Nullable Stack builtStack;
        private String namespace = "kestra";
        private boolean createNamespace = true;
        private Topology topology = Topology.STANDALONE;
        private int replicas = 1;
        private int workers = 1;
        private @Nullable Integer workerThreads;
        private ExternalPostgres.Builder postgres = ExternalPostgres.builder();
        private @Nullable KubernetesEdge edge = KubernetesEdge.ingressNginx();
        private final Map<Component, PodResources> resources = new EnumMap<>(Component.class);
        private int terminationGraceSeconds = DEFAULT_GRACE_SECONDS;
        private final Map<String, String> serviceAccountAnnotations = new LinkedHashMap<>();
        private String storageSize = "10Gi";
        private @Nullable String storageClass;
        private final List<String> workerEgressCidrs = new ArrayList<>();
        private boolean readOnlyRootFilesystem;

        private Builder() {}

        private Builder(KubernetesDeployment d) {
            builtStack = d.stack;
            namespace = d.namespace;
            createNamespace = d.createNamespace;
            topology = d.topology;
            replicas = d.replicas;
            workers = d.workers;
            workerThreads = d.workerThreads;
            postgres = d.postgres.toBuilder();
            edge = d.edge;
            resources.putAll(d.resources);
            terminationGraceSeconds = d.terminationGraceSeconds;
            serviceAccountAnnotations.putAll(d.serviceAccountAnnotations);
            storageSize = d.storageSize;
            storageClass = d.storageClass;
            workerEgressCidrs.addAll(d.workerEgressCidrs);
            readOnlyRootFilesystem = d.readOnlyRootFilesystem;
        }

        /** Edits the Kestra model (address, context path, Kestra settings). */
        public Builder stack(Consumer<Stack.Builder> edit) {
            if (builtStack != null) {
                stack = builtStack.toBuilder();
                builtStack = null;
            }
            edit.accept(stack);
            return this;
        }

        /** Uses an already built stack (for example the one a Compose bundle was rendered from). */
        public Builder stack(Stack stack) {
            this.builtStack = Objects.requireNonNull(stack, "stack");
            return this;
        }

        /** Namespace of every object. Defaults to {@code kestra}. A DNS-1123 label. */
        public Builder namespace(String namespace) {
            this.namespace = Objects.requireNonNull(namespace, "namespace");
            return this;
        }

        /** Whether to render the Namespace object. Defaults to {@code true}. */
        public Builder createNamespace(boolean create) {
            this.createNamespace = create;
            return this;
        }

        /** Standalone (default) or split. */
        public Builder topology(Topology topology) {
            this.topology = Objects.requireNonNull(topology, "topology");
            return this;
        }

        /** Replicas of the standalone pod or of the webserver. Defaults to 1. */
        public Builder replicas(int replicas) {
            this.replicas = replicas;
            return this;
        }

        /** Worker replicas in the split topology. Defaults to 1. */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Threads per worker ({@code --thread}); Kestra's default (twice the CPUs) when unset. */
        public Builder workerThreads(int threads) {
            this.workerThreads = threads;
            return this;
        }

        /** Edits the database settings. */
        public Builder postgres(Consumer<ExternalPostgres.Builder> edit) {
            edit.accept(postgres);
            return this;
        }

        /** The edge. Defaults to {@link KubernetesEdge#ingressNginx()} without TLS. */
        public Builder edge(KubernetesEdge edge) {
            this.edge = Objects.requireNonNull(edge, "edge");
            return this;
        }

        /** Resources of one component's container. Defaults to {@link PodResources#defaults()}. */
        public Builder resources(Component component, PodResources podResources) {
            resources.put(Objects.requireNonNull(component, "component"), Objects.requireNonNull(podResources, "podResources"));
            return this;
        }

        /** {@code terminationGracePeriodSeconds}. Defaults to {@value KubernetesDeployment#DEFAULT_GRACE_SECONDS}. */
        public Builder terminationGraceSeconds(int seconds) {
            this.terminationGraceSeconds = seconds;
            return this;
        }

        /**
         * Adds a ServiceAccount annotation: {@code eks.amazonaws.com/role-arn} for S3 through IRSA,
         * {@code iam.gke.io/gcp-service-account} for GCS through GKE workload identity.
         */
        public Builder putServiceAccountAnnotation(String key, String value) {
            serviceAccountAnnotations.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Size of the local-storage claim. Defaults to {@code 10Gi}. */
        public Builder storageSize(String size) {
            this.storageSize = Objects.requireNonNull(size, "size");
            return this;
        }

        /** Storage class of the local-storage claim. The cluster default when unset. */
        public Builder storageClass(String storageClass) {
            this.storageClass = Objects.requireNonNull(storageClass, "storageClass");
            return this;
        }

        /**
         * Lets workers (and the standalone pod) reach an address range, for tasks that call other systems.
         * None by default: the NetworkPolicy allows only the database, object storage and the controller.
         */
        public Builder addWorkerEgressCidr(String cidr) {
            workerEgressCidrs.add(Objects.requireNonNull(cidr, "cidr"));
            return this;
        }

        /** Read-only root filesystem with an emptyDir on {@code /tmp}. Off by default (not verified on Kestra). */
        public Builder readOnlyRootFilesystem(boolean readOnly) {
            this.readOnlyRootFilesystem = readOnly;
            return this;
        }

        /**
         * Validates everything and builds.
         *
         * @throws StackConfigException with every problem: the stack's own (under {@code stack}), the
         *     database's (under {@code postgres}) and the edge's (under {@code edge}); an invalid namespace;
         *     replica, worker or thread counts out of range; local storage with more than one pod
         *     ({@code local-storage-not-shared}); a GCS key file (use workload identity); Docker tasks; a
         *     Compose edge on the stack; a connection budget above {@code max_connections}; a name that
         *     makes object names too long; an invalid CIDR, quantity or grace period
         */
        public KubernetesDeployment build() {
            Problems p = new Problems();
            Stack s = builtStack != null ? builtStack : p.collect("stack", stack::build);
            ExternalPostgres pg = p.collect("postgres", postgres::build);
            Names.dnsLabel(p, "namespace", namespace);
            if (edge == null) {
                p.add("edge", "required", "no edge set", "use KubernetesEdge.ingressNginx() or KubernetesEdge.httpRoute(...)");
            } else {
                EdgeChecks.check(edge, p, "edge");
            }
            if (replicas < 1 || replicas > 100) {
                p.add("replicas", "out-of-range", "replicas must be 1 to 100", "use 1, or 2 and more for availability");
            }
            if (workers < 1 || workers > 1000) {
                p.add("workers", "out-of-range", "workers must be 1 to 1000", "use at least one worker");
            }
            if (topology == Topology.STANDALONE && workers != 1) {
                p.add("workers", "standalone-workers", "a standalone deployment runs its worker inside the one pod",
                        "use topology(Topology.SPLIT) for separate workers, or scale with workerThreads(...)");
            }
            if (workerThreads != null && (workerThreads < 1 || workerThreads > 1024)) {
                p.add("workerThreads", "out-of-range", "worker threads must be 1 to 1024", "leave it unset for Kestra's default");
            }
            if (terminationGraceSeconds < 30 || terminationGraceSeconds > 3600) {
                p.add("terminationGraceSeconds", "out-of-range", "the grace period must be 30 to 3600 seconds",
                        "keep 360: Kestra drains running tasks for up to 5 minutes");
            }
            for (Map.Entry<Component, PodResources> e : resources.entrySet()) {
                e.getValue().check(p, "resources." + e.getKey().id());
            }
            if (!storageSize.matches("[0-9]{1,6}(Mi|Gi|Ti)")) {
                p.add("storageSize", "invalid-quantity", "'" + storageSize + "' is not a storage quantity", "use 10Gi");
            }
            if (storageClass != null) {
                Names.dnsSubdomain(p, "storageClass", storageClass);
            }
            for (int i = 0; i < workerEgressCidrs.size(); i++) {
                if (!workerEgressCidrs.get(i).matches("([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}|[0-9a-fA-F:]+/[0-9]{1,3}")) {
                    p.add("workerEgressCidrs[" + i + "]", "invalid-cidr", "not an address range", "use 10.0.0.0/8 or 0.0.0.0/0");
                }
            }
            for (String key : serviceAccountAnnotations.keySet()) {
                if (!key.matches("([a-z0-9]([a-z0-9.-]*[a-z0-9])?/)?[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?")) {
                    p.add("serviceAccountAnnotations", "invalid-key", "'" + key + "' is not an annotation key",
                            "use prefix/name, for example eks.amazonaws.com/role-arn");
                }
            }
            if (s != null) {
                checkStack(p, s, pg);
            }
            p.throwIfAny();
            return new KubernetesDeployment(this, Objects.requireNonNull(s), Objects.requireNonNull(pg));
        }

        private void checkStack(Problems p, Stack s, @Nullable ExternalPostgres pg) {
            if (!Names.isLabel(s.name()) || s.name().length() > 40) {
                p.add("stack.name", "invalid-name", "the stack name prefixes every object name and must be a DNS-1123"
                        + " label of at most 40 characters", "use lower-case letters, digits and '-'");
            }
            if (s.edge().isPresent()) {
                p.add("stack.edge", "compose-edge", "a Caddy or nginx edge is a Compose service; on Kubernetes the"
                        + " Ingress or HTTPRoute is the edge", "call noEdge() on the stack and set edge(...) here");
            }
            if (s.address().host().matches("[0-9.]+|\\[.*\\]")) {
                p.add("stack.publicAddress", "ip-host", "an Ingress or HTTPRoute routes by host name, not by IP address",
                        "use the DNS name users type, such as kestra.example.com");
            }
            if (s.kestra().dockerTasks()) {
                p.add("stack.kestra.dockerTasks", "docker-socket", "Kubernetes nodes offer no Docker socket to mount",
                        "turn dockerTasks off and run script tasks with the process runner (or a Kubernetes task runner)");
            } else if (s.kestra().scriptTasks() == io.kestrastack.ScriptTasks.DOCKER_IN_DOCKER) {
                p.add("stack.kestra.scriptTasks", "dind-not-rendered", "the Kubernetes target renders no Docker-in-Docker"
                                + " sidecar, so script tasks would find no Docker daemon",
                        "use ScriptTasks.PROCESS_RUNNER (or a Kubernetes task runner in your flows)");
            }
            InternalStorage storage = s.kestra().storage();
            int kestraPods = 0;
            for (int n : components(topology, s.line(), replicas, workers).values()) {
                kestraPods += n;
            }
            if (storage instanceof InternalStorage.Local && (topology == Topology.SPLIT || replicas > 1)) {
                p.add("stack.kestra.storage", "local-storage-not-shared",
                        "local storage lives on one pod's volume, but " + kestraPods + " Kestra pods would need the"
                                + " same files (flows' inputs, outputs and namespace files)",
                        "use object storage (S3, GCS, Azure or an S3-compatible endpoint), or one standalone pod");
            }
            if (storage instanceof InternalStorage.Gcs gcs && gcs.serviceAccountFile() != null) {
                p.add("stack.kestra.storage.serviceAccountFile", "key-file", "a key file on the Docker host does not exist"
                        + " on Kubernetes nodes", "use GKE workload identity: drop the key file and"
                        + " putServiceAccountAnnotation(\"iam.gke.io/gcp-service-account\", ...)");
            }
            if (pg != null && pg.maxConnections().isPresent()) {
                int budget = connectionBudget(components(topology, s.line(), replicas, workers), s,
                        storage instanceof InternalStorage.Local);
                int needed = budget + Stack.RESERVED_CONNECTIONS + Stack.SPARE_CONNECTIONS;
                if (pg.maxConnections().getAsInt() < needed) {
                    p.add("postgres.maxConnections", "too-few-connections",
                            "max_connections " + pg.maxConnections().getAsInt() + " is below the " + needed + " needed: "
                                    + budget + " for Kestra's pools (pool " + s.kestra().poolSize()
                                    + " per database-using pod, one surge pod per Deployment during updates) + "
                                    + Stack.RESERVED_CONNECTIONS + " reserved + " + Stack.SPARE_CONNECTIONS + " spare",
                            "raise max_connections to at least " + needed + ", lower the pool size or run fewer replicas");
                }
            }
        }
    }
}
