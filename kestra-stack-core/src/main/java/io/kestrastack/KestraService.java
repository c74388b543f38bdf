package io.kestrastack;

import io.kestrastack.internal.Checks;
import io.kestrastack.internal.Problems;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Kestra service: one JVM running {@code server standalone} against PostgreSQL.
 *
 * <p>What the model cannot express is what production must not have: {@code server local} (which
 * forces H2 and ignores the Postgres datasource), an H2 or in-memory repository or queue, a published
 * management port, or literal credentials in the configuration.
 */
public final class KestraService {

    /** The image used when none is set. */
    public static final String DEFAULT_IMAGE = "kestra/kestra:v2.0.5";
    /** Kestra's HTTP port inside the container (UI and API). */
    public static final int HTTP_PORT = 8080;
    /** Kestra's management port inside the container (health, metrics); never published. */
    public static final int MANAGEMENT_PORT = 8081;
    /** Where the task working directory lives, and the host path it is bound to for Docker tasks. */
    public static final String DEFAULT_TMP_DIR = "/tmp/kestra-wd/tmp";
    /** The rootless Docker-in-Docker image used with {@link ScriptTasks#DOCKER_IN_DOCKER} when none is set. */
    public static final String DEFAULT_DIND_IMAGE = "docker:28.0.0-dind-rootless";

    private static final Pattern FLOW_VARIABLE = Pattern.compile("[A-Z0-9_]{1,100}");

    private final String serviceName;
    private final ImageRef image;
    private final boolean allowFloatingTag;
    private final @Nullable KestraLine line;
    private final @Nullable Integer publishedPort;
    private final @Nullable Integer workerThreads;
    private final InternalStorage storage;
    private final String tmpDir;
    private final ScriptTasks scriptTasks;
    private final ImageRef dindImage;
    private final BasicAuth basicAuth;
    private final @Nullable Secret encryptionKey;
    private final List<Secret> flowSecrets;
    private final Map<String, String> flowEnvironment;
    private final boolean anonymousUsageReport;
    private final @Nullable String jvmOptions;
    private final @Nullable String heap;
    private final ConfigDelivery configDelivery;
    private final int poolSize;
    private final @Nullable ForwardProxy forwardProxy;

    private KestraService(Builder b, ImageRef image, @Nullable KestraLine line, BasicAuth basicAuth,
            @Nullable ForwardProxy forwardProxy, ImageRef dindImage) {
        this.serviceName = b.serviceName;
        this.image = image;
        this.allowFloatingTag = b.allowFloatingTag;
        this.line = line;
        this.publishedPort = b.publishedPort;
        this.workerThreads = b.workerThreads;
        this.storage = b.storage;
        this.tmpDir = b.tmpDir;
        this.scriptTasks = b.scriptTasks;
        this.dindImage = dindImage;
        this.basicAuth = basicAuth;
        this.encryptionKey = b.encryptionKey;
        this.flowSecrets = List.copyOf(b.flowSecrets.values());
        this.flowEnvironment = Collections.unmodifiableMap(new LinkedHashMap<>(b.flowEnvironment));
        this.anonymousUsageReport = b.anonymousUsageReport;
        this.jvmOptions = b.jvmOptions;
        this.heap = b.heap;
        this.configDelivery = b.configDelivery;
        this.poolSize = b.poolSize;
        this.forwardProxy = forwardProxy;
    }

    /** A builder with the defaults described on each setter. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this service's settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Compose service name; the edge proxies to it. */
    public String serviceName() {
        return serviceName;
    }

    /** The image. */
    public ImageRef image() {
        return image;
    }

    /** Whether a floating tag was explicitly allowed. */
    public boolean allowFloatingTag() {
        return allowFloatingTag;
    }

    /** The release line read from the image tag, if the tag tells. */
    public Optional<KestraLine> line() {
        return Optional.ofNullable(line);
    }

    /** The host port Kestra's HTTP port is published on, if it was set explicitly. */
    public OptionalInt publishedPort() {
        return publishedPort == null ? OptionalInt.empty() : OptionalInt.of(publishedPort);
    }

    /** {@code --worker-thread} of {@code server standalone}, if set (0 runs no worker). */
    public OptionalInt workerThreads() {
        return workerThreads == null ? OptionalInt.empty() : OptionalInt.of(workerThreads);
    }

    /** Internal storage. */
    public InternalStorage storage() {
        return storage;
    }

    /** {@code kestra.tasks.tmp-dir.path}. */
    public String tmpDir() {
        return tmpDir;
    }

    /**
     * The host directory bound at the same path for Docker tasks: the parent of {@link #tmpDir()}
     * ({@code /tmp/kestra-wd} by default).
     */
    public String tmpDirMount() {
        int slash = tmpDir.lastIndexOf('/');
        return slash > 0 ? tmpDir.substring(0, slash) : tmpDir;
    }

    /** Whether tasks may run containers through the host's Docker socket ({@link ScriptTasks#HOST_DOCKER_SOCKET}). */
    public boolean dockerTasks() {
        return scriptTasks == ScriptTasks.HOST_DOCKER_SOCKET;
    }

    /** How script tasks run. */
    public ScriptTasks scriptTasks() {
        return scriptTasks;
    }

    /** The rootless Docker-in-Docker image, used with {@link ScriptTasks#DOCKER_IN_DOCKER}. */
    public ImageRef dindImage() {
        return dindImage;
    }

    /**
     * Whether Kestra runs as root instead of the image's {@code kestra} user: only with Docker tasks on the
     * host's socket, which needs root to reach it.
     */
    public boolean runsAsRoot() {
        return scriptTasks == ScriptTasks.HOST_DOCKER_SOCKET;
    }

    /** Basic-auth credentials. */
    public BasicAuth basicAuth() {
        return basicAuth;
    }

    /** {@code kestra.encryption.secret-key}, if set. */
    public Optional<Secret> encryptionKey() {
        return Optional.ofNullable(encryptionKey);
    }

    /** Secrets visible to flows as {@code secret('NAME')}; each variable starts with {@code SECRET_}. */
    public List<Secret> flowSecrets() {
        return flowSecrets;
    }

    /** Variables visible to flows; keys without the {@code ENV_} prefix, in insertion order. */
    public Map<String, String> flowEnvironment() {
        return flowEnvironment;
    }

    /** {@code kestra.anonymous-usage-report.enabled}. */
    public boolean anonymousUsageReport() {
        return anonymousUsageReport;
    }

    /** The JVM options set with {@link Builder#jvmOptions(String)}, if any. */
    public Optional<String> jvmOptions() {
        return Optional.ofNullable(jvmOptions);
    }

    /** The maximum heap set with {@link Builder#heap(String)}, such as {@code 3g}, if any. */
    public Optional<String> heap() {
        return Optional.ofNullable(heap);
    }

    /**
     * {@code JAVA_OPTS} as the container gets it: {@code -Xmx<heap>} when a heap is set, then the JVM
     * options. Kestra's launcher passes {@code JAVA_OPTS} to {@code java} (its {@code selfrun.sh}).
     */
    public Optional<String> javaOpts() {
        String xmx = heap == null ? null : "-Xmx" + heap;
        if (xmx == null) {
            return Optional.ofNullable(jvmOptions);
        }
        return Optional.of(jvmOptions == null ? xmx : xmx + " " + jvmOptions);
    }

    /** How the configuration reaches the container. */
    public ConfigDelivery configDelivery() {
        return configDelivery;
    }

    /** {@code datasources.postgres.maximum-pool-size}: connections each Kestra JVM may open. */
    public int poolSize() {
        return poolSize;
    }

    /** The outbound proxy, if any. */
    public Optional<ForwardProxy> forwardProxy() {
        return Optional.ofNullable(forwardProxy);
    }

    /** How many Kestra JVMs this service runs (one: {@code server standalone}). */
    public int jvmCount() {
        return 1;
    }

    /** Every secret this service hands to its container, in a stable order. */
    public List<Secret> secrets() {
        List<Secret> out = new ArrayList<>();
        out.add(basicAuth.password());
        if (encryptionKey != null) {
            out.add(encryptionKey);
        }
        out.addAll(storage.secrets());
        if (forwardProxy != null) {
            forwardProxy.secret().ifPresent(out::add);
        }
        out.addAll(flowSecrets);
        return out;
    }

    @Override
    public String toString() {
        return "KestraService[image=" + image + ", storage=" + storage.type() + ", basicAuth=" + basicAuth
                + ", encryptionKey=" + encryptionKey + ", flowSecrets=" + flowSecrets + ", scriptTasks=" + scriptTasks
                + "]";
    }

    /** Builds a {@link KestraService}; every check runs in {@link #build()}. */
    public static final class Builder {
        private String serviceName = "kestra";
        private @Nullable String image = DEFAULT_IMAGE;
        private boolean allowFloatingTag;
        private @Nullable Integer publishedPort;
        private @Nullable Integer workerThreads;
        private InternalStorage storage = InternalStorage.local();
        private String tmpDir = DEFAULT_TMP_DIR;
        private ScriptTasks scriptTasks = ScriptTasks.PROCESS_RUNNER;
        private String dindImage = DEFAULT_DIND_IMAGE;
        private @Nullable String username;
        private @Nullable Secret password = Secret.generatePassword(BasicAuth.DEFAULT_PASSWORD_VARIABLE);
        private @Nullable Secret encryptionKey = Secret.generateKey("ENCRYPTION_SECRET_KEY");
        private final Map<String, Secret> flowSecrets = new LinkedHashMap<>();
        private final Map<String, String> flowEnvironment = new LinkedHashMap<>();
        private boolean anonymousUsageReport = true;
        private @Nullable String jvmOptions;
        private @Nullable String heap;
        private ConfigDelivery configDelivery = ConfigDelivery.INLINE;
        private int poolSize = 10;
        private ForwardProxy.@Nullable Builder forwardProxy;
        private final List<String> duplicateFlowSecrets = new ArrayList<>();

        private Builder() {}

        private Builder(KestraService s) {
            serviceName = s.serviceName;
            image = s.image.reference();
            allowFloatingTag = s.allowFloatingTag;
            publishedPort = s.publishedPort;
            workerThreads = s.workerThreads;
            storage = s.storage;
            tmpDir = s.tmpDir;
            scriptTasks = s.scriptTasks;
            dindImage = s.dindImage.reference();
            username = s.basicAuth.username();
            password = s.basicAuth.password();
            encryptionKey = s.encryptionKey;
            s.flowSecrets.forEach(f -> flowSecrets.put(f.variable(), f));
            flowEnvironment.putAll(s.flowEnvironment);
            anonymousUsageReport = s.anonymousUsageReport;
            jvmOptions = s.jvmOptions;
            heap = s.heap;
            configDelivery = s.configDelivery;
            poolSize = s.poolSize;
            forwardProxy = s.forwardProxy == null ? null : s.forwardProxy.toBuilder();
        }

        /** Compose service name. Defaults to {@code kestra}. */
        public Builder serviceName(String serviceName) {
            this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
            return this;
        }

        /**
         * Image reference. Defaults to {@value KestraService#DEFAULT_IMAGE}. Tags such as {@code latest}
         * or {@code develop} are refused unless {@link #allowFloatingTag(boolean)} is set; any tag may
         * end in {@code -no-plugins}.
         */
        public Builder image(String image) {
            this.image = Objects.requireNonNull(image, "image");
            return this;
        }

        /** Accepts floating tags such as {@code latest} or {@code develop}. Off by default. */
        public Builder allowFloatingTag(boolean allow) {
            this.allowFloatingTag = allow;
            return this;
        }

        /**
         * Publishes Kestra's HTTP port on this host port. Only allowed without an edge; without an edge
         * it defaults to the port of the stack's public address.
         */
        public Builder publishedPort(int port) {
            this.publishedPort = port;
            return this;
        }

        /** {@code --worker-thread} for {@code server standalone}; Kestra's default when unset. 0 runs no worker. */
        public Builder workerThreads(int threads) {
            this.workerThreads = threads;
            return this;
        }

        /** Internal storage. Defaults to {@link InternalStorage#local()}. */
        public Builder storage(InternalStorage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /** {@code kestra.tasks.tmp-dir.path}. Defaults to {@value KestraService#DEFAULT_TMP_DIR}. */
        public Builder tmpDir(String tmpDir) {
            this.tmpDir = Objects.requireNonNull(tmpDir, "tmpDir");
            return this;
        }

        /**
         * Lets tasks start containers through the host's Docker socket. Off by default. It mounts
         * {@code /var/run/docker.sock}, runs Kestra as root and binds the task directory at the same path
         * on host and container. Anyone who can write a flow then controls the host's Docker daemon,
         * which is root on the host.
         */
        public Builder dockerTasks(boolean enabled) {
            this.scriptTasks = enabled ? ScriptTasks.HOST_DOCKER_SOCKET : ScriptTasks.PROCESS_RUNNER;
            return this;
        }

        /**
         * How script tasks run. Defaults to {@link ScriptTasks#PROCESS_RUNNER}: no Docker daemon, so flows set
         * the Process task runner. {@link ScriptTasks#DOCKER_IN_DOCKER} adds a rootless dind sidecar;
         * {@link ScriptTasks#HOST_DOCKER_SOCKET} is {@link #dockerTasks(boolean) dockerTasks(true)}.
         */
        public Builder scriptTasks(ScriptTasks mode) {
            this.scriptTasks = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * The rootless Docker-in-Docker image for {@link ScriptTasks#DOCKER_IN_DOCKER}. Defaults to
         * {@value KestraService#DEFAULT_DIND_IMAGE}; must be pinned.
         */
        public Builder dindImage(String image) {
            this.dindImage = Objects.requireNonNull(image, "image");
            return this;
        }

        /** Basic-auth credentials. The username is required and must be an email address. */
        public Builder basicAuth(String username, Secret password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * The basic-auth username, keeping the password already set (by default a generated password in
         * {@code BASIC_AUTH_PASSWORD}).
         */
        public Builder username(String username) {
            this.username = Objects.requireNonNull(username, "username");
            return this;
        }

        /**
         * {@code kestra.encryption.secret-key}, needed for SECRET inputs and outputs. Defaults to a generated
         * key in {@code ENCRYPTION_SECRET_KEY}. It must stay the same for the life of the database.
         */
        public Builder encryptionKey(Secret key) {
            this.encryptionKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /** Leaves {@code kestra.encryption.secret-key} unset. */
        public Builder noEncryptionKey() {
            this.encryptionKey = null;
            return this;
        }

        /**
         * Adds a secret flows read as {@code {{ secret('NAME') }}}. Its variable must be
         * {@code SECRET_NAME}; {@code .env} holds the base64 of the value, as Kestra expects, so any value
         * works.
         */
        public Builder addFlowSecret(Secret secret) {
            Objects.requireNonNull(secret, "secret");
            if (flowSecrets.put(secret.variable(), secret) != null) {
                duplicateFlowSecrets.add(secret.variable());
            }
            return this;
        }

        /** Adds a variable visible to flows as {@code {{ envs.name }}}; rendered as {@code ENV_NAME}. */
        public Builder putFlowEnvironment(String name, String value) {
            flowEnvironment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** {@code kestra.anonymous-usage-report.enabled}. Defaults to Kestra's own default, on. */
        public Builder anonymousUsageReport(boolean enabled) {
            this.anonymousUsageReport = enabled;
            return this;
        }

        /** {@code JAVA_OPTS} for the Kestra JVM, for example {@code -Xmx2g}. Unset by default. */
        public Builder jvmOptions(String options) {
            this.jvmOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * The maximum JVM heap, such as {@code 3g} or {@code 2048m}, rendered as {@code -Xmx} in
         * {@code JAVA_OPTS}. Unset by default: the JVM then takes a quarter of the container's memory limit
         * (or of the host's memory). Give the Kestra container at least 4 GB and about three quarters of it
         * to the heap; Kestra's sizing guide asks 2 to 4 GB for each component at up to 1,000 task runs a
         * minute. A digit run of 1 to 6 digits followed by {@code m} or {@code g}.
         */
        public Builder heap(String heap) {
            this.heap = Objects.requireNonNull(heap, "heap");
            return this;
        }

        /** How the configuration reaches the container. Defaults to {@link ConfigDelivery#INLINE}. */
        public Builder configDelivery(ConfigDelivery delivery) {
            this.configDelivery = Objects.requireNonNull(delivery, "delivery");
            return this;
        }

        /** {@code datasources.postgres.maximum-pool-size}. Defaults to 10 (Kestra's default). */
        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        /** Routes Kestra's calls to api.kestra.io through a forward proxy. */
        public Builder forwardProxy(ForwardProxy proxy) {
            this.forwardProxy = Objects.requireNonNull(proxy, "proxy").toBuilder();
            return this;
        }

        /** Edits the forward proxy, creating one if there is none. */
        public Builder forwardProxy(java.util.function.Consumer<ForwardProxy.Builder> edit) {
            if (forwardProxy == null) {
                forwardProxy = ForwardProxy.builder();
            }
            edit.accept(forwardProxy);
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws StackConfigException listing every problem: missing, invalid or floating image;
         *     credentials that Kestra would reject; secrets that cannot travel safely; flow secret or
         *     variable names; storage settings; bad ports, paths or JVM options
         */
        public KestraService build() {
            Problems p = new Problems();
            Checks.serviceName(p, "serviceName", serviceName);
            ImageRef ref = Checks.image(p, "image", image, allowFloatingTag, DEFAULT_IMAGE);
            KestraLine line = null;
            if (ref != null) {
                line = ref.leadingVersion().flatMap(KestraLine::ofMajor).orElse(null);
                if (ref.leadingVersion().isPresent() && line == null) {
                    p.add("image", "unsupported-kestra-version",
                            "Kestra " + ref.leadingVersion().get() + ".x is not a line this library knows (1.x, 2.x)",
                            "use a 1.x or 2.x image");
                }
            }
            if (publishedPort != null) {
                Checks.port(p, "publishedPort", publishedPort);
            }
            if (workerThreads != null && (workerThreads < 0 || workerThreads > 1024)) {
                p.add("workerThreads", "invalid-worker-threads", "worker threads must be between 0 and 1024",
                        "use 0 (no worker) or a positive number, such as twice the CPU count");
            }
            storage.check(p, "storage");
            // No "." or ".." segment: the parent of tmpDir is bind-mounted from the host at the same path, and
            // "/tmp/.." would mount the host's root directory.
            if (!tmpDir.matches("(/[A-Za-z0-9._-]+){2,}") || tmpDir.matches(".*/\\.{1,2}(/.*)?")) {
                p.add("tmpDir", "invalid-path", "'" + tmpDir + "' is not an absolute path of at least two plain segments",
                        "use a path such as " + DEFAULT_TMP_DIR);
            }
            BasicAuth auth = null;
            if (username == null) {
                p.add("basicAuth.username", "required", "no basic-auth username set",
                        "call basicAuth(\"admin@example.com\", Secret.generatePassword(\"BASIC_AUTH_PASSWORD\"))");
            }
            if (password == null) {
                p.add("basicAuth.password", "required", "no basic-auth password set",
                        "use Secret.generatePassword(\"BASIC_AUTH_PASSWORD\")");
            }
            if (username != null && password != null) {
                auth = new BasicAuth(username, password);
                auth.check(p, "basicAuth");
                Checks.micronautLiteral(p, "basicAuth.username", username);
            }
            if (encryptionKey != null) {
                Checks.infrastructureSecret(p, "encryptionKey", encryptionKey);
            }
            for (String duplicate : duplicateFlowSecrets) {
                p.add("flowSecrets." + duplicate, "duplicate", "flow secret " + duplicate + " was added twice",
                        "add each flow secret once");
            }
            for (Secret s : flowSecrets.values()) {
                String path = "flowSecrets." + s.variable();
                if (!s.variable().startsWith("SECRET_") || !FLOW_VARIABLE.matcher(s.variable().substring(7)).matches()) {
                    p.add(path, "invalid-flow-secret-name",
                            "flow secret variables are SECRET_ followed by A-Z, 0-9 and _",
                            "name it SECRET_<NAME>; flows then read {{ secret('<NAME>') }}");
                }
                if (io.kestrastack.internal.SecretAccess.reveal(s).isEmpty()) {
                    p.add(path, "empty-secret", "the flow secret " + s.variable() + " is empty", "give it a value");
                }
            }
            for (Map.Entry<String, String> e : flowEnvironment.entrySet()) {
                String path = "flowEnvironment." + e.getKey();
                if (!FLOW_VARIABLE.matcher(e.getKey()).matches()) {
                    p.add(path, "invalid-variable-name", "'" + e.getKey() + "' is not an upper-case variable name",
                            "use A-Z, 0-9 and _; it becomes ENV_<NAME>, read in flows as {{ envs.<name> }}");
                }
                if (e.getValue().codePoints().anyMatch(c -> Checks.breaksLines(c) && c != '\t')) {
                    p.add(path, "control-character", "the value contains a control character or line break",
                            "use a single line of printable characters");
                }
            }
            if (jvmOptions != null && jvmOptions.codePoints().anyMatch(Checks::breaksLines)) {
                p.add("jvmOptions", "control-character", "JVM options contain a control character or line break",
                        "write them on one line, separated by spaces");
            }
            if (heap != null && !heap.matches("[1-9][0-9]{0,5}[mMgG]")) {
                p.add("heap", "invalid-heap", "'" + heap + "' is not a heap size", "use a size such as 3g or 2048m");
            }
            if (heap != null && jvmOptions != null && jvmOptions.matches("(?s).*(^|\\s)-Xmx.*")) {
                p.add("jvmOptions", "heap-set-twice", "the JVM options set -Xmx and heap(...) sets it too",
                        "set the heap once, with heap(...)");
            }
            if (image != null && ref != null && !(storage instanceof InternalStorage.Local)
                    && ref.tag() != null && (ref.tag().endsWith("-no-plugins") || ref.tag().contains("-slim"))) {
                // The core-only images carry no storage plugin; only server local installs missing ones itself.
                p.add("image", "storage-plugin-missing", "the image " + ref + " has no plugins, so Kestra cannot load"
                        + " its " + storage.type() + " internal storage and does not start",
                        "use the full image (" + ref.repository() + ":" + ref.tag().replaceAll("-(no-plugins|slim).*$", "")
                                + ") or build one that adds the " + storage.type() + " storage plugin");
            }
            if (poolSize < 1 || poolSize > 1000) {
                p.add("poolSize", "invalid-pool-size", "the connection pool size must be between 1 and 1000",
                        "keep Kestra's default of 10 unless you size Postgres for more");
            }
            ForwardProxy proxy = forwardProxy == null ? null : p.collect("forwardProxy", forwardProxy::build);
            ImageRef dind = Checks.image(p, "dindImage", dindImage, false, DEFAULT_DIND_IMAGE);
            p.throwIfAny();
            return new KestraService(this, Objects.requireNonNull(ref), line, Objects.requireNonNull(auth), proxy,
                    Objects.requireNonNull(dind));
        }
    }
}
