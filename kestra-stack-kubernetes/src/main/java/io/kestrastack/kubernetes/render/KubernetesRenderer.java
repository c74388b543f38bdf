package io.kestrastack.kubernetes.render;

import io.kestrastack.ContextPath;
import io.kestrastack.InternalStorage;
import io.kestrastack.KestraLine;
import io.kestrastack.KestraService;
import io.kestrastack.Secret;
import io.kestrastack.Stack;
import io.kestrastack.internal.SecretAccess;
import io.kestrastack.internal.Yaml;
import io.kestrastack.kubernetes.Component;
import io.kestrastack.kubernetes.ExternalPostgres;
import io.kestrastack.kubernetes.IngressTls;
import io.kestrastack.kubernetes.KubernetesDeployment;
import io.kestrastack.kubernetes.KubernetesEdge;
import io.kestrastack.kubernetes.PodResources;
import io.kestrastack.kubernetes.Topology;
import io.kestrastack.render.KestraConfigRenderer;
import io.kestrastack.render.RenderedFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import io.kestrastack.render.MonitoringRenderer;
import org.jspecify.annotations.Nullable;

/**
 * Renders a {@link KubernetesDeployment} as plain manifests, one object per file, plus a
 * {@code kustomization.yaml} listing them in apply order.
 *
 * <p>Objects: Namespace (optional), ServiceAccount (no token), ConfigMap (Kestra's configuration, no
 * secret values: only Micronaut placeholders), Secret (the secret values, delivered as environment
 * variables), a PersistentVolumeClaim for local storage, one Deployment, Service (except for components
 * nobody calls) and PodDisruptionBudget per component, NetworkPolicies, and an Ingress or HTTPRoute.
 *
 * <p>Output is deterministic: maps are ordered, the order of objects is fixed, and nothing depends on the
 * time or the machine. Only the Secret holds values, and they are read once, here.
 */
public final class KubernetesRenderer {

    /** Where the ConfigMap's configuration is mounted; passed to {@code kestra} with {@code --config}. */
    public static final String CONFIG_PATH = KestraConfigRenderer.CONTAINER_PATH;
    /** The file name of the kustomization. */
    public static final String KUSTOMIZATION = "kustomization.yaml";
    /** The file of kestra-stack's Secret. */
    public static final String SECRET_FILE = "secret.yaml";
    /**
     * uid and gid of the {@code kestra} user of Kestra's image (kestra-io/kestra {@code Dockerfile}:
     * {@code useradd -m -g kestra kestra}, the first user of the image: 1000). Set numerically because the
     * kubelet cannot check {@code runAsNonRoot} against a user name.
     */
    public static final long KESTRA_UID = 1000;

    private static final String APP = "kestra";

    /** A renderer; it holds no state. */
    public KubernetesRenderer() {}

    /** Renders with freshly built secret values. */
    public List<RenderedFile> render(KubernetesDeployment d) {
        return render(d, Map.of());
    }

    /**
     * Renders, keeping {@code existingSecretValues} (by Secret key) in place of the model's values: a
     * database password or encryption key must not change once in use.
     */
    public List<RenderedFile> render(KubernetesDeployment d, Map<String, String> existingSecretValues) {
        List<RenderedFile> files = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : objects(d, existingSecretValues).entrySet()) {
            boolean secret = e.getKey().equals(SECRET_FILE);
            files.add(new RenderedFile(e.getKey(), Yaml.dump(e.getValue()), secret ? RenderedFile.PRIVATE : RenderedFile.PUBLIC));
            names.add(e.getKey());
        }
        Map<String, Object> kustomization = new LinkedHashMap<>();
        kustomization.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
        kustomization.put("kind", "Kustomization");
        kustomization.put("resources", names);
        files.add(RenderedFile.of(KUSTOMIZATION, Yaml.dump(kustomization)));
        return List.copyOf(files);
    }

    /** Every object as an ordered tree, by file name, in apply order (kustomization excluded). */
    public Map<String, Map<String, Object>> objects(KubernetesDeployment d) {
        return objects(d, Map.of());
    }

    private Map<String, Map<String, Object>> objects(KubernetesDeployment d, Map<String, String> existing) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (d.createNamespace()) {
            Map<String, Object> ns = object("v1", "Namespace", d.namespace(), null, Map.of());
            out.put("namespace.yaml", ns);
        }
        out.put("serviceaccount.yaml", serviceAccount(d));
        String config = Yaml.dump(config(d));
        out.put("configmap.yaml", configMap(d, config));
        if (!d.secrets().isEmpty() || !existing.isEmpty()) {
            out.put(SECRET_FILE, secret(d, existing));
        }
        if (d.usesLocalVolume()) {
            out.put("pvc-storage.yaml", storageClaim(d));
        }
        String checksum = sha256(config);
        for (Map.Entry<Component, Integer> c : d.components().entrySet()) {
            out.put("deployment-" + c.getKey().id() + ".yaml", deployment(d, c.getKey(), c.getValue(), checksum));
        }
        for (Component c : d.components().keySet()) {
            Map<String, Object> service = service(d, c);
            if (service != null) {
                out.put("service-" + c.id() + ".yaml", service);
            }
        }
        for (Component c : d.components().keySet()) {
            out.put("pdb-" + c.id() + ".yaml", disruptionBudget(d, c));
        }
        networkPolicies(d, out);
        if (d.stack().monitoring().isPresent()) {
            out.put("configmap-prometheus-rules.yaml", prometheusRules(d));
        }
        if (d.edge() instanceof KubernetesEdge.Ingress ingress) {
            out.put("ingress.yaml", ingress(d, ingress));
        } else if (d.edge() instanceof KubernetesEdge.HttpRoute route) {
            out.put("httproute.yaml", httpRoute(d, route));
        }
        return out;
    }

    // ---- names and labels

    /** The object name of a component's Deployment, Service and PodDisruptionBudget. */
    public static String name(KubernetesDeployment d, Component c) {
        return d.name() + "-" + c.id();
    }

    /** The name of kestra-stack's Secret. */
    public static String secretName(KubernetesDeployment d) {
        return d.name() + "-secrets";
    }

    private static Map<String, Object> instanceLabels(KubernetesDeployment d) {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", APP);
        labels.put("app.kubernetes.io/instance", d.name());
        return labels;
    }

    /** The selector labels of a component's pods. */
    public static Map<String, Object> selector(KubernetesDeployment d, Component c) {
        Map<String, Object> labels = instanceLabels(d);
        labels.put("app.kubernetes.io/component", c.id());
        return labels;
    }

    private static Map<String, Object> labels(KubernetesDeployment d, Component c) {
        Map<String, Object> labels = selector(d, c);
        labels.put("app.kubernetes.io/version", d.stack().kestra().image().tag() == null ? "digest"
                : Objects.requireNonNull(d.stack().kestra().image().tag()));
        labels.put("app.kubernetes.io/managed-by", "kestra-stack");
        return labels;
    }

    private static Map<String, Object> commonLabels(KubernetesDeployment d) {
        Map<String, Object> labels = instanceLabels(d);
        labels.put("app.kubernetes.io/managed-by", "kestra-stack");
        return labels;
    }

    private static Map<String, Object> object(String apiVersion, String kind, String name, @Nullable String namespace,
            Map<String, Object> labels) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        if (!labels.isEmpty()) {
            metadata.put("labels", labels);
        }
        o.put("metadata", metadata);
        return o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Map<String, Object> object) {
        return (Map<String, Object>) object.get("metadata");
    }

    // ---- configuration

    /**
     * Kestra's configuration for the cluster: the Compose renderer's tree with the external database, host
     * resolution behind the edge and, for a split 2.x deployment, the controller endpoint for workers.
     */
    public Map<String, Object> config(KubernetesDeployment d) {
        Map<String, Object> root = copy(new KestraConfigRenderer().tree(d.stack()));
        ExternalPostgres pg = d.postgres();
        Map<String, Object> postgres = child(child(root, "datasources"), "postgres");
        postgres.put("url", pg.jdbcUrl());
        postgres.put("username", pg.user());
        postgres.put("password", "${" + ExternalPostgres.PASSWORD_VARIABLE + "}");
        Map<String, Object> server = child(child(root, "micronaut"), "server");
        Map<String, Object> hostResolution = new LinkedHashMap<>();
        hostResolution.put("host-header", "Host");
        hostResolution.put("protocol-header", "X-Forwarded-Proto");
        server.put("host-resolution", hostResolution);
        if (d.topology() == Topology.SPLIT && d.line() == KestraLine.V2) {
            // Detached workers find the controller through a static endpoint list (kestra docs, migration
            // guide 2.0.0, "Fully distributed with a dedicated controller").
            Map<String, Object> endpoint = new LinkedHashMap<>();
            endpoint.put("host", name(d, Component.CONTROLLER));
            endpoint.put("port", KubernetesDeployment.CONTROLLER_PORT);
            Map<String, Object> controllers = new LinkedHashMap<>();
            controllers.put("type", "STATIC");
            controllers.put("static", new LinkedHashMap<>(Map.of("endpoints", List.of(endpoint))));
            child(child(root, "kestra"), "worker").put("controllers", controllers);
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, ?> tree) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : tree.entrySet()) {
            Object v = e.getValue();
            out.put(e.getKey(), v instanceof Map<?, ?> m ? copy((Map<String, ?>) m) : v);
        }
        return out;
    }

    private static Map<String, Object> configMap(KubernetesDeployment d, String config) {
        Map<String, Object> o = object("v1", "ConfigMap", d.name() + "-config", d.namespace(), commonLabels(d));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("application.yaml", new Yaml.Block(config));
        o.put("data", data);
        return o;
    }

    /**
     * The alert rules on Kestra's own metrics (the Compose bundle's {@code kestra} group) and their
     * {@code promtool test rules} file, in a plain ConfigMap: no operator CRD such as PrometheusRule is needed;
     * mount it into Prometheus and list {@code alerts.yml} under {@code rule_files} (docs/kubernetes.md).
     */
    private static Map<String, Object> prometheusRules(KubernetesDeployment d) {
        Map<String, Object> o = object("v1", "ConfigMap", d.name() + "-prometheus-rules", d.namespace(), commonLabels(d));
        List<MonitoringRenderer.Rule> rules = MonitoringRenderer.rules(d.stack(), java.util.OptionalInt.empty(),
                List.of(MonitoringRenderer.Group.KESTRA));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("alerts.yml", new Yaml.Block(MonitoringRenderer.rulesYaml(rules)));
        data.put("alerts.test.yml", new Yaml.Block(MonitoringRenderer.ruleTestsYaml("alerts.yml", rules)));
        o.put("data", data);
        return o;
    }

    private static Map<String, Object> serviceAccount(KubernetesDeployment d) {
        Map<String, Object> o = object("v1", "ServiceAccount", d.name(), d.namespace(), commonLabels(d));
        if (!d.serviceAccountAnnotations().isEmpty()) {
            metadata(o).put("annotations", new LinkedHashMap<>(d.serviceAccountAnnotations()));
        }
        // Kestra never calls the Kubernetes API itself; a mounted token would only help a compromised task.
        o.put("automountServiceAccountToken", false);
        return o;
    }

    /** The Secret key of each secret: its variable name; flow secrets hold the base64 Kestra expects. */
    private static Map<String, Object> secret(KubernetesDeployment d, Map<String, String> existing) {
        Map<String, Object> o = object("v1", "Secret", secretName(d), d.namespace(), commonLabels(d));
        o.put("type", "Opaque");
        Map<String, Object> data = new LinkedHashMap<>();
        for (Secret s : d.secrets()) {
            String value = existing.get(s.variable());
            if (value == null) {
                value = SecretAccess.reveal(s);
                if (isFlowSecret(d, s)) {
                    value = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
                }
            }
            data.put(s.variable(), new Yaml.Quoted(value));
        }
        // Values of keys no longer referenced are kept, so that regenerating never loses a secret.
        for (Map.Entry<String, String> e : existing.entrySet()) {
            if (!data.containsKey(e.getKey())) {
                data.put(e.getKey(), new Yaml.Quoted(e.getValue()));
            }
        }
        o.put("stringData", data);
        return o;
    }

    private static boolean isFlowSecret(KubernetesDeployment d, Secret s) {
        return d.stack().kestra().flowSecrets().stream().anyMatch(f -> f.variable().equals(s.variable()));
    }

    private static Map<String, Object> storageClaim(KubernetesDeployment d) {
        Map<String, Object> o = object("v1", "PersistentVolumeClaim", d.name() + "-storage", d.namespace(), commonLabels(d));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("accessModes", List.of("ReadWriteOnce"));
        d.storageClass().ifPresent(c -> spec.put("storageClassName", c));
        spec.put("resources", Map.of("requests", Map.of("storage", d.storageSize())));
        o.put("spec", spec);
        return o;
    }

    // ---- workloads

    private static Map<String, Object> deployment(KubernetesDeployment d, Component c, int replicas, String configChecksum) {
        Map<String, Object> o = object("apps/v1", "Deployment", name(d, c), d.namespace(), labels(d, c));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("replicas", replicas);
        spec.put("revisionHistoryLimit", 3);
        spec.put("selector", Map.of("matchLabels", selector(d, c)));
        Map<String, Object> strategy = new LinkedHashMap<>();
        if (d.usesLocalVolume()) {
            // A ReadWriteOnce volume cannot be attached to the old and the new pod at once.
            strategy.put("type", "Recreate");
        } else {
            strategy.put("type", "RollingUpdate");
            Map<String, Object> rolling = new LinkedHashMap<>();
            rolling.put("maxSurge", 1);
            rolling.put("maxUnavailable", 0);
            strategy.put("rollingUpdate", rolling);
        }
        spec.put("strategy", strategy);

        Map<String, Object> template = new LinkedHashMap<>();
        Map<String, Object> templateMeta = new LinkedHashMap<>();
        templateMeta.put("labels", labels(d, c));
        // Pods restart when the configuration changes.
        Map<String, Object> podAnnotations = new LinkedHashMap<>();
        podAnnotations.put("kestra-stack.io/config-sha256", configChecksum);
        if (d.stack().monitoring().isPresent()) {
            // The prometheus.io/* convention of annotation-based pod discovery: Micronaut's Prometheus endpoint on
            // the management port, under the context path (see docs/kubernetes.md for the matching scrape job).
            podAnnotations.put("prometheus.io/scrape", "true");
            podAnnotations.put("prometheus.io/port", String.valueOf(io.kestrastack.KestraService.MANAGEMENT_PORT));
            podAnnotations.put("prometheus.io/path", d.stack().managementPath("prometheus"));
        }
        templateMeta.put("annotations", podAnnotations);
        template.put("metadata", templateMeta);

        Map<String, Object> pod = new LinkedHashMap<>();
        pod.put("serviceAccountName", d.name());
        pod.put("automountServiceAccountToken", false);
        pod.put("terminationGracePeriodSeconds", d.terminationGraceSeconds());
        Map<String, Object> podSecurity = new LinkedHashMap<>();
        podSecurity.put("runAsNonRoot", true);
        podSecurity.put("runAsUser", KESTRA_UID);
        podSecurity.put("runAsGroup", KESTRA_UID);
        // Volumes (local storage) become writable by the kestra user: the image has no /app/storage.
        podSecurity.put("fsGroup", KESTRA_UID);
        podSecurity.put("seccompProfile", Map.of("type", "RuntimeDefault"));
        pod.put("securityContext", podSecurity);
        pod.put("containers", List.of(container(d, c)));
        List<Object> volumes = new ArrayList<>();
        Map<String, Object> configVolume = new LinkedHashMap<>();
        configVolume.put("name", "config");
        configVolume.put("configMap", Map.of("name", d.name() + "-config"));
        volumes.add(configVolume);
        if (d.readOnlyRootFilesystem()) {
            Map<String, Object> tmp = new LinkedHashMap<>();
            tmp.put("name", "tmp");
            tmp.put("emptyDir", new LinkedHashMap<>());
            volumes.add(tmp);
        }
        if (d.usesLocalVolume()) {
            Map<String, Object> storage = new LinkedHashMap<>();
            storage.put("name", "storage");
            storage.put("persistentVolumeClaim", Map.of("claimName", d.name() + "-storage"));
            volumes.add(storage);
        }
        pod.put("volumes", volumes);
        template.put("spec", pod);
        spec.put("template", template);
        o.put("spec", spec);
        return o;
    }

    /** The arguments after the image's entrypoint: {@code server <component>} and its flags. */
    public static List<String> arguments(KubernetesDeployment d, Component c) {
        List<String> args = new ArrayList<>(List.of("server", c.id()));
        if (c == Component.STANDALONE) {
            d.workerThreads().ifPresent(n -> args.add("--worker-thread=" + n));
        } else if (c == Component.WORKER) {
            d.workerThreads().ifPresent(n -> args.add("--thread=" + n));
        } else if (c == Component.WEBSERVER && d.line() == KestraLine.V2) {
            // Workers use the dedicated controller; the webserver's embedded one would sit idle
            // (kestra docs, migration guide 2.0.0: "--no-controller").
            args.add("--no-controller");
        }
        args.add("--config");
        args.add(CONFIG_PATH);
        return args;
    }

    private static Map<String, Object> container(KubernetesDeployment d, Component c) {
        KestraService k = d.stack().kestra();
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "kestra");
        container.put("image", k.image().reference());
        container.put("imagePullPolicy", "IfNotPresent");
        container.put("args", arguments(d, c));
        List<Object> ports = new ArrayList<>();
        if (c.servesHttp()) {
            ports.add(port("http", KestraService.HTTP_PORT));
        }
        ports.add(port("management", KestraService.MANAGEMENT_PORT));
        if (c == Component.CONTROLLER) {
            ports.add(port("grpc", KubernetesDeployment.CONTROLLER_PORT));
        }
        container.put("ports", ports);
        container.put("env", environment(d, c));
        PodResources r = d.resources(c);
        Map<String, Object> requests = new LinkedHashMap<>();
        requests.put("cpu", r.cpuRequest());
        requests.put("memory", r.memory());
        Map<String, Object> limits = new LinkedHashMap<>();
        if (r.cpuLimit() != null) {
            limits.put("cpu", r.cpuLimit());
        }
        limits.put("memory", r.memory());
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("requests", requests);
        resources.put("limits", limits);
        container.put("resources", resources);
        // Probes on the management port, under the context path: Micronaut prefixes management endpoints
        // with micronaut.server.context-path even on their own port (micronaut-core #7552); Kestra's chart
        // probes /health, /health/liveness and /health/readiness on the same port.
        container.put("startupProbe", probe(d.stack().contextPath(), "/health", 5, 60));
        container.put("livenessProbe", probe(d.stack().contextPath(), "/health/liveness", 10, 3));
        container.put("readinessProbe", probe(d.stack().contextPath(), "/health/readiness", 5, 3));
        Map<String, Object> security = new LinkedHashMap<>();
        security.put("allowPrivilegeEscalation", false);
        security.put("readOnlyRootFilesystem", d.readOnlyRootFilesystem());
        security.put("capabilities", Map.of("drop", List.of("ALL")));
        container.put("securityContext", security);
        List<Object> mounts = new ArrayList<>();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", "config");
        config.put("mountPath", CONFIG_PATH);
        config.put("subPath", "application.yaml");
        config.put("readOnly", true);
        mounts.add(config);
        if (d.readOnlyRootFilesystem()) {
            Map<String, Object> tmp = new LinkedHashMap<>();
            tmp.put("name", "tmp");
            tmp.put("mountPath", "/tmp");
            mounts.add(tmp);
        }
        if (d.usesLocalVolume() && k.storage() instanceof InternalStorage.Local local) {
            Map<String, Object> storage = new LinkedHashMap<>();
            storage.put("name", "storage");
            storage.put("mountPath", local.basePath());
            mounts.add(storage);
        }
        container.put("volumeMounts", mounts);
        return container;
    }

    /** The probe path for {@code endpoint} under the context path. */
    public static String probePath(ContextPath contextPath, String endpoint) {
        return contextPath.isRoot() ? endpoint : contextPath.value() + endpoint;
    }

    private static Map<String, Object> probe(ContextPath contextPath, String endpoint, int period, int failures) {
        Map<String, Object> get = new LinkedHashMap<>();
        get.put("path", probePath(contextPath, endpoint));
        get.put("port", "management");
        Map<String, Object> probe = new LinkedHashMap<>();
        probe.put("httpGet", get);
        probe.put("periodSeconds", period);
        probe.put("timeoutSeconds", 3);
        probe.put("failureThreshold", failures);
        return probe;
    }

    private static Map<String, Object> port(String name, int number) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("containerPort", number);
        p.put("protocol", "TCP");
        return p;
    }

    private static List<Object> environment(KubernetesDeployment d, Component c) {
        List<Object> env = new ArrayList<>();
        KestraService k = d.stack().kestra();
        PodResources r = d.resources(c);
        String javaOpts = "-Xmx" + r.heapMebibytes() + "m" + k.jvmOptions().map(o -> " " + o).orElse("");
        env.add(literal("JAVA_OPTS", javaOpts));
        d.postgres().existingPassword().ifPresent(ref -> env.add(secretRef(ExternalPostgres.PASSWORD_VARIABLE, ref.name(), ref.key())));
        for (Secret s : d.secrets()) {
            env.add(secretRef(s.variable(), secretName(d), s.variable()));
        }
        for (Map.Entry<String, String> e : k.flowEnvironment().entrySet()) {
            env.add(literal("ENV_" + e.getKey(), e.getValue()));
        }
        return env;
    }

    private static Map<String, Object> literal(String name, String value) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", name);
        e.put("value", value);
        return e;
    }

    private static Map<String, Object> secretRef(String name, String secret, String key) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("name", secret);
        ref.put("key", key);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", name);
        e.put("valueFrom", Map.of("secretKeyRef", ref));
        return e;
    }

    // ---- services and availability

    /** The Service of a component, or {@code null} when nothing calls it (executor, scheduler, worker). */
    private static @Nullable Map<String, Object> service(KubernetesDeployment d, Component c) {
        Map<String, Object> port;
        if (c.servesHttp()) {
            port = servicePort("http", KestraService.HTTP_PORT);
        } else if (c == Component.CONTROLLER) {
            port = servicePort("grpc", KubernetesDeployment.CONTROLLER_PORT);
        } else {
            return null;
        }
        // The management port is never part of a Service: the kubelet probes the pods directly.
        Map<String, Object> o = object("v1", "Service", name(d, c), d.namespace(), labels(d, c));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", "ClusterIP");
        spec.put("selector", selector(d, c));
        spec.put("ports", List.of(port));
        o.put("spec", spec);
        return o;
    }

    private static Map<String, Object> servicePort(String name, int number) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("port", number);
        p.put("targetPort", name);
        p.put("protocol", "TCP");
        return p;
    }

    private static Map<String, Object> disruptionBudget(KubernetesDeployment d, Component c) {
        Map<String, Object> o = object("policy/v1", "PodDisruptionBudget", name(d, c), d.namespace(), labels(d, c));
        Map<String, Object> spec = new LinkedHashMap<>();
        // One pod at a time: a drain never takes every replica of a component down together.
        spec.put("maxUnavailable", 1);
        spec.put("selector", Map.of("matchLabels", selector(d, c)));
        o.put("spec", spec);
        return o;
    }

    // ---- network policies

    private static void networkPolicies(KubernetesDeployment d, Map<String, Map<String, Object>> out) {
        Map<String, Object> all = Map.of("matchLabels", instanceLabels(d));

        Map<String, Object> deny = policy(d, "default-deny", all, List.of("Ingress", "Egress"));
        out.put("networkpolicy-default-deny.yaml", deny);

        Component http = d.topology() == Topology.STANDALONE ? Component.STANDALONE : Component.WEBSERVER;
        Map<String, Object> edge = policy(d, "allow-edge", Map.of("matchLabels", selector(d, http)), List.of("Ingress"));
        Map<String, Object> fromEdge = new LinkedHashMap<>();
        fromEdge.put("from", List.of(Map.of("namespaceSelector",
                Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", d.edge().proxyNamespace())))));
        fromEdge.put("ports", List.of(tcp(KestraService.HTTP_PORT)));
        spec(edge).put("ingress", List.of(fromEdge));
        out.put("networkpolicy-allow-edge.yaml", edge);

        boolean controller = d.components().containsKey(Component.CONTROLLER);
        if (controller) {
            Map<String, Object> toController = policy(d, "allow-controller",
                    Map.of("matchLabels", selector(d, Component.CONTROLLER)), List.of("Ingress"));
            Map<String, Object> fromComponents = new LinkedHashMap<>();
            fromComponents.put("from", List.of(Map.of("podSelector", all)));
            fromComponents.put("ports", List.of(tcp(KubernetesDeployment.CONTROLLER_PORT)));
            spec(toController).put("ingress", List.of(fromComponents));
            out.put("networkpolicy-allow-controller.yaml", toController);
        }

        // Egress every component needs: DNS, object storage, the controller.
        Map<String, Object> egress = policy(d, "allow-egress", all, List.of("Egress"));
        List<Object> rules = new ArrayList<>();
        Map<String, Object> dns = new LinkedHashMap<>();
        // Port 53 to any address: cluster DNS may be a Service, a node-local cache on a link-local address
        // or an external resolver, which no pod or namespace selector would match.
        Map<String, Object> udp = new LinkedHashMap<>();
        udp.put("protocol", "UDP");
        udp.put("port", 53);
        dns.put("ports", List.of(udp, tcp(53)));
        rules.add(dns);
        Integer storagePort = storagePort(d.stack().kestra().storage());
        if (storagePort != null) {
            // Object storage is outside the cluster under a DNS name: only its port can be pinned.
            rules.add(Map.of("ports", List.of(tcp(storagePort))));
        }
        if (controller) {
            Map<String, Object> toController = new LinkedHashMap<>();
            toController.put("to", List.of(Map.of("podSelector", Map.of("matchLabels", selector(d, Component.CONTROLLER)))));
            toController.put("ports", List.of(tcp(KubernetesDeployment.CONTROLLER_PORT)));
            rules.add(toController);
        }
        spec(egress).put("egress", rules);
        out.put("networkpolicy-allow-egress.yaml", egress);

        // The database: every component that opens a pool (not a 2.x worker).
        List<String> dbComponents = new ArrayList<>();
        for (Component c : d.components().keySet()) {
            if (c.usesDatabase(d.line())) {
                dbComponents.add(c.id());
            }
        }
        Map<String, Object> expression = new LinkedHashMap<>();
        expression.put("key", "app.kubernetes.io/component");
        expression.put("operator", "In");
        expression.put("values", dbComponents);
        Map<String, Object> dbSelector = new LinkedHashMap<>();
        dbSelector.put("matchLabels", instanceLabels(d));
        dbSelector.put("matchExpressions", List.of(expression));
        Map<String, Object> database = policy(d, "allow-database", dbSelector, List.of("Egress"));
        spec(database).put("egress", List.of(Map.of("ports", List.of(tcp(d.postgres().port())))));
        out.put("networkpolicy-allow-database.yaml", database);

        if (!d.workerEgressCidrs().isEmpty()) {
            Component runsTasks = d.topology() == Topology.STANDALONE ? Component.STANDALONE : Component.WORKER;
            Map<String, Object> tasks = policy(d, "allow-task-egress", Map.of("matchLabels", selector(d, runsTasks)),
                    List.of("Egress"));
            List<Object> to = new ArrayList<>();
            for (String cidr : d.workerEgressCidrs()) {
                to.add(Map.of("ipBlock", Map.of("cidr", cidr)));
            }
            spec(tasks).put("egress", List.of(Map.of("to", to)));
            out.put("networkpolicy-allow-task-egress.yaml", tasks);
        }
    }

    private static @Nullable Integer storagePort(InternalStorage storage) {
        if (storage instanceof InternalStorage.Local) {
            return null;
        }
        if (storage instanceof InternalStorage.Minio minio) {
            return minio.port();
        }
        if (storage instanceof InternalStorage.S3 s3 && s3.endpoint() != null) {
            String endpoint = Objects.requireNonNull(s3.endpoint());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(https?)://[^:/]+(?::([0-9]+))?/?").matcher(endpoint);
            if (m.matches()) {
                return m.group(2) != null ? Integer.parseInt(m.group(2)) : m.group(1).equals("https") ? 443 : 80;
            }
        }
        return 443;
    }

    private static Map<String, Object> policy(KubernetesDeployment d, String name, Map<String, Object> podSelector,
            List<String> types) {
        Map<String, Object> o = object("networking.k8s.io/v1", "NetworkPolicy", d.name() + "-" + name, d.namespace(),
                commonLabels(d));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("podSelector", podSelector);
        spec.put("policyTypes", types);
        o.put("spec", spec);
        return o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Map<String, Object> object) {
        return (Map<String, Object>) object.get("spec");
    }

    private static Map<String, Object> tcp(int port) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("protocol", "TCP");
        p.put("port", port);
        return p;
    }

    // ---- edge

    /** The path the edge routes: the context path, as a prefix, never rewritten. */
    public static String routePath(KubernetesDeployment d) {
        return d.stack().contextPath().value();
    }

    private static Map<String, Object> ingress(KubernetesDeployment d, KubernetesEdge.Ingress edge) {
        Component http = d.topology() == Topology.STANDALONE ? Component.STANDALONE : Component.WEBSERVER;
        Map<String, Object> o = object("networking.k8s.io/v1", "Ingress", d.name(), d.namespace(), commonLabels(d));
        Map<String, Object> annotations = new LinkedHashMap<>();
        if (edge.nginxAnnotations()) {
            // ingress-nginx: no buffering (live logs are server-sent events), idle streams kept for an hour
            // (default 60 s), uploads up to Kestra's own limit (default 1m). Values must be strings.
            annotations.put("nginx.ingress.kubernetes.io/proxy-buffering", "off");
            annotations.put("nginx.ingress.kubernetes.io/proxy-request-buffering", "off");
            annotations.put("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600");
            annotations.put("nginx.ingress.kubernetes.io/proxy-send-timeout", "3600");
            annotations.put("nginx.ingress.kubernetes.io/proxy-body-size", edge.bodySize());
        }
        if (edge.tls() instanceof IngressTls.CertManager cm) {
            annotations.put(cm.annotation(), cm.issuer());
        }
        if (!annotations.isEmpty()) {
            metadata(o).put("annotations", annotations);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("ingressClassName", edge.className());
        String host = d.stack().address().host();
        String tlsSecret = edge.tls() instanceof IngressTls.FromSecret s ? s.secretName()
                : edge.tls() instanceof IngressTls.CertManager cm ? cm.secretName() : null;
        if (tlsSecret != null) {
            Map<String, Object> tls = new LinkedHashMap<>();
            tls.put("hosts", List.of(host));
            tls.put("secretName", tlsSecret);
            spec.put("tls", List.of(tls));
        }
        Map<String, Object> backendService = new LinkedHashMap<>();
        backendService.put("name", name(d, http));
        backendService.put("port", Map.of("name", "http"));
        Map<String, Object> backend = Map.of("service", backendService);
        Map<String, Object> path = new LinkedHashMap<>();
        path.put("path", routePath(d));
        path.put("pathType", "Prefix");
        path.put("backend", backend);
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("host", host);
        rule.put("http", Map.of("paths", List.of(path)));
        spec.put("rules", List.of(rule));
        o.put("spec", spec);
        return o;
    }

    private static Map<String, Object> httpRoute(KubernetesDeployment d, KubernetesEdge.HttpRoute edge) {
        Component http = d.topology() == Topology.STANDALONE ? Component.STANDALONE : Component.WEBSERVER;
        Map<String, Object> o = object("gateway.networking.k8s.io/v1", "HTTPRoute", d.name(), d.namespace(), commonLabels(d));
        Map<String, Object> parent = new LinkedHashMap<>();
        parent.put("name", edge.gateway());
        parent.put("namespace", edge.gatewayNamespace());
        if (edge.sectionName() != null) {
            parent.put("sectionName", edge.sectionName());
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("parentRefs", List.of(parent));
        spec.put("hostnames", List.of(d.stack().address().host()));
        Map<String, Object> pathMatch = new LinkedHashMap<>();
        pathMatch.put("type", "PathPrefix");
        pathMatch.put("value", routePath(d));
        Map<String, Object> backend = new LinkedHashMap<>();
        backend.put("name", name(d, http));
        backend.put("port", KestraService.HTTP_PORT);
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("matches", List.of(Map.of("path", pathMatch)));
        rule.put("backendRefs", List.of(backend));
        // "0s" disables the request timeout (Gateway API HTTPRouteTimeouts; gateway-api.sigs.k8s.io
        // guides/http-timeouts): server-sent event streams stay open as long as Kestra keeps them.
        rule.put("timeouts", Map.of("request", "0s"));
        spec.put("rules", List.of(rule));
        o.put("spec", spec);
        return o;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
