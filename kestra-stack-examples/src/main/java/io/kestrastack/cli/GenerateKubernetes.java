package io.kestrastack.cli;

import io.kestrastack.InternalStorage;
import io.kestrastack.KestraService;
import io.kestrastack.Secret;
import io.kestrastack.StackConfigException;
import io.kestrastack.Violation;
import io.kestrastack.bundle.BundlePlan;
import io.kestrastack.kubernetes.IngressTls;
import io.kestrastack.kubernetes.KubernetesDeployment;
import io.kestrastack.kubernetes.KubernetesEdge;
import io.kestrastack.kubernetes.Topology;
import io.kestrastack.kubernetes.render.KubernetesBundle;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code generate --target kubernetes}: builds a {@link KubernetesDeployment} from options and writes its
 * manifests (by default into {@code k8s/}) with the atomic writer, keeping secret values already there.
 */
final class GenerateKubernetes {

    static final String USAGE = String.join("\n",
            "generate --target kubernetes [--out DIR] [--host HOST] [--context-path PATH] [--namespace NS]",
            "         [--topology standalone|split] [--replicas N] [--workers N] [--worker-threads N]",
            "         [--storage local|s3|gcs|azure] [storage options] [--db-host HOST] [database options]",
            "         [--ingress-class NAME [--ingress-namespace NS] [--tls-secret NAME | --cert-manager-issuer NAME]",
            "          | --gateway NAME [--gateway-namespace NS]] [--kestra-image IMAGE] [--admin-email EMAIL]",
            "         [--force] [--dry-run]",
            "  --out DIR             target directory (default ./k8s); apply with kubectl apply -k DIR",
            "  --topology KIND       standalone (one pod, default) or split (webserver, executor, scheduler, workers,",
            "                        and the controller on Kestra 2.x)",
            "  --storage KIND        local (one standalone pod only), s3, gcs or azure",
            "    s3:    --s3-bucket B --s3-region R [--s3-endpoint URL] [--s3-role-arn ARN] [--s3-keys-from-env]",
            "           (no keys: IRSA or the node's role; --s3-keys-from-env reads AWS_ACCESS_KEY_ID and",
            "            AWS_SECRET_ACCESS_KEY)",
            "    gcs:   --gcs-bucket B --gcs-project P [--gcs-service-account EMAIL] (GKE workload identity)",
            "    azure: --azure-endpoint URL --azure-container C (connection string from AZURE_STORAGE_CONNECTION_STRING)",
            "  --db-host HOST        external PostgreSQL (required); --db-port, --db-name, --db-user,",
            "                        --db-password-secret NAME/KEY (else a generated password), --db-max-connections N",
            "  --ingress-class NAME  Ingress of that class (default nginx, with ingress-nginx's SSE and upload settings)",
            "  --gateway NAME        Gateway API HTTPRoute attached to that Gateway instead of an Ingress",
            "");

    private static final Set<String> VALUED = Set.of("--target", "--out", "--host", "--context-path", "--namespace",
            "--topology", "--replicas", "--workers", "--worker-threads", "--storage", "--s3-bucket", "--s3-region",
            "--s3-endpoint", "--s3-role-arn", "--gcs-bucket", "--gcs-project", "--gcs-service-account", "--azure-endpoint",
            "--azure-container", "--db-host", "--db-port", "--db-name", "--db-user", "--db-password-secret",
            "--db-max-connections", "--ingress-class", "--ingress-namespace", "--tls-secret", "--cert-manager-issuer",
            "--gateway", "--gateway-namespace", "--kestra-image", "--admin-email");
    private static final Set<String> FLAGS = Set.of("--force", "--dry-run", "--s3-keys-from-env");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    GenerateKubernetes(PrintStream out, PrintStream err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    /** Whether {@code args} ask for {@code --target kubernetes}. */
    static boolean requested(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--target=kubernetes") || (a.equals("--target") && i + 1 < args.size()
                    && args.get(i + 1).equals("kubernetes"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code args} without {@code --target compose} (the default target, which the Compose generator does
     * not need to know); any other target is a usage error.
     */
    static List<String> withoutComposeTarget(List<String> args) throws UsageException {
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--target") && i + 1 < args.size()) {
                String target = args.get(++i);
                if (!target.equals("compose")) {
                    throw new UsageException("--target must be compose or kubernetes");
                }
            } else if (a.startsWith("--target=")) {
                if (!a.equals("--target=compose")) {
                    throw new UsageException("--target must be compose or kubernetes");
                }
            } else {
                rest.add(a);
            }
        }
        return rest;
    }

    int run(List<String> args) throws UsageException {
        Options o = Options.parse(args, VALUED, FLAGS);
        if (!o.positional().isEmpty()) {
            throw new UsageException("generate takes no positional arguments (got " + o.positional().get(0) + ")");
        }
        Path dir = Generate.outDirectory(o.value("--out", "k8s"));
        KubernetesDeployment deployment = deployment(o);
        KubernetesBundle bundle = KubernetesBundle.of(deployment);
        boolean force = o.flag("--force");
        if (o.flag("--dry-run")) {
            return Generate.printDryRun(bundle.plan(dir, force), out, err);
        }
        BundlePlan plan = bundle.writeTo(dir, force);
        out.print(plan.summary());
        out.println();
        out.println("Wrote Kubernetes manifests (" + deployment.topology().name().toLowerCase(Locale.ROOT) + ", "
                + deployment.components().keySet().stream().map(c -> c.id()).toList() + ") to " + dir + ".");
        out.println("Kestra: " + deployment.stack().kestraUrl() + "  (user " + deployment.stack().kestra().basicAuth().username()
                + ", password in " + dir.resolve("secret.yaml") + " as " + deployment.stack().kestra().basicAuth().password().variable()
                + ")");
        out.println("Next: kubectl apply -k " + dir);
        return Main.OK;
    }

    /** The deployment the options describe; invalid combinations surface as violations from {@code build()}. */
    KubernetesDeployment deployment(Options o) throws UsageException {
        String host = o.value("--host", "localhost").strip().toLowerCase(Locale.ROOT);
        boolean local = Generate.isLocal(host);
        String scheme = local ? "http" : "https";
        KubernetesDeployment.Builder b = KubernetesDeployment.builder()
                .stack(s -> s.publicAddress(scheme + "://" + host).contextPath(o.value("--context-path", "/"))
                        .kestra(k -> k.username(o.value("--admin-email", local ? "admin@kestra.local" : "admin@" + host))))
                .namespace(o.value("--namespace", "kestra"));
        String image = o.value("--kestra-image");
        if (image != null) {
            b.stack(s -> s.kestra(k -> k.image(Generate.imageReference(image, KestraService.DEFAULT_IMAGE))));
        }
        String topology = o.value("--topology", "standalone").toLowerCase(Locale.ROOT);
        switch (topology) {
            case "standalone" -> b.topology(Topology.STANDALONE);
            case "split" -> b.topology(Topology.SPLIT);
            default -> throw new UsageException("--topology must be standalone or split");
        }
        b.replicas(integer(o, "--replicas", 1));
        b.workers(integer(o, "--workers", 1));
        if (o.value("--worker-threads") != null) {
            b.workerThreads(integer(o, "--worker-threads", 0));
        }
        storage(o, b);
        database(o, b);
        edge(o, b);
        return b.build();
    }

    private void storage(Options o, KubernetesDeployment.Builder b) throws UsageException {
        List<Violation> missing = new ArrayList<>();
        String kind = o.value("--storage", "local").toLowerCase(Locale.ROOT);
        InternalStorage storage;
        switch (kind) {
            case "local" -> storage = InternalStorage.local();
            case "s3" -> {
                String endpoint = o.value("--s3-endpoint");
                Secret access = null;
                Secret secret = null;
                if (o.flag("--s3-keys-from-env")) {
                    access = fromEnv("AWS_ACCESS_KEY_ID", "S3_ACCESS_KEY", missing, "storage.s3.accessKey");
                    secret = fromEnv("AWS_SECRET_ACCESS_KEY", "S3_SECRET_KEY", missing, "storage.s3.secretKey");
                }
                storage = new InternalStorage.S3(required(o, "--s3-bucket", missing), required(o, "--s3-region", missing),
                        endpoint, access, secret, endpoint != null);
                String role = o.value("--s3-role-arn");
                if (role != null) {
                    b.putServiceAccountAnnotation("eks.amazonaws.com/role-arn", role);
                }
            }
            case "gcs" -> {
                storage = new InternalStorage.Gcs(required(o, "--gcs-bucket", missing), required(o, "--gcs-project", missing), null);
                String account = o.value("--gcs-service-account");
                if (account != null) {
                    b.putServiceAccountAnnotation("iam.gke.io/gcp-service-account", account);
                }
            }
            case "azure" -> {
                Secret connection = fromEnv("AZURE_STORAGE_CONNECTION_STRING", "AZURE_CONNECTION_STRING", missing,
                        "storage.azure.connectionString");
                storage = connection == null ? InternalStorage.local()
                        : new InternalStorage.Azure(required(o, "--azure-endpoint", missing),
                                required(o, "--azure-container", missing), connection);
            }
            default -> throw new UsageException("--storage must be local, s3, gcs or azure");
        }
        if (!missing.isEmpty()) {
            throw new StackConfigException(missing);
        }
        b.stack(s -> s.kestra(k -> k.storage(storage)));
    }

    private @Nullable Secret fromEnv(String name, String variable, List<Violation> missing, String path) {
        String value = environment.get(name);
        if (value == null || value.isEmpty()) {
            missing.add(new Violation(path, "required", "the environment variable " + name + " is not set",
                    "export " + name + " before running generate"));
            return null;
        }
        return Secret.of(variable, value);
    }

    private static String required(Options o, String option, List<Violation> missing) {
        String value = o.value(option);
        if (value == null) {
            missing.add(new Violation(option.substring(2), "required", option + " is required for this storage",
                    "pass " + option + " VALUE"));
            return "missing";
        }
        return value;
    }

    private static void database(Options o, KubernetesDeployment.Builder b) throws UsageException {
        String host = o.value("--db-host");
        if (host != null) {
            b.postgres(p -> p.host(host));
        }
        if (o.value("--db-port") != null) {
            int port = integer(o, "--db-port", 5432);
            b.postgres(p -> p.port(port));
        }
        String name = o.value("--db-name");
        if (name != null) {
            b.postgres(p -> p.database(name));
        }
        String user = o.value("--db-user");
        if (user != null) {
            b.postgres(p -> p.user(user));
        }
        String secret = o.value("--db-password-secret");
        if (secret != null) {
            int slash = secret.indexOf('/');
            if (slash <= 0 || slash == secret.length() - 1) {
                throw new UsageException("--db-password-secret must be NAME/KEY");
            }
            b.postgres(p -> p.passwordFromSecret(secret.substring(0, slash), secret.substring(slash + 1)));
        }
        if (o.value("--db-max-connections") != null) {
            int max = integer(o, "--db-max-connections", 100);
            b.postgres(p -> p.maxConnections(max));
        }
    }

    private static void edge(Options o, KubernetesDeployment.Builder b) throws UsageException {
        String gateway = o.value("--gateway");
        String ingressClass = o.value("--ingress-class");
        if (gateway != null) {
            if (ingressClass != null || o.value("--tls-secret") != null || o.value("--cert-manager-issuer") != null) {
                throw new UsageException("--gateway replaces the Ingress: drop --ingress-class, --tls-secret and"
                        + " --cert-manager-issuer (TLS is the Gateway listener's)");
            }
            b.edge(KubernetesEdge.httpRoute(gateway, o.value("--gateway-namespace", o.value("--namespace", "kestra"))));
            return;
        }
        String className = ingressClass == null ? "nginx" : ingressClass;
        KubernetesEdge.Ingress ingress = className.equals("nginx")
                ? KubernetesEdge.ingressNginx()
                : KubernetesEdge.ingress(className, o.value("--ingress-namespace", className));
        if (className.equals("nginx") && o.value("--ingress-namespace") != null) {
            ingress = KubernetesEdge.ingress("nginx", o.value("--ingress-namespace", "ingress-nginx"));
        }
        String tlsSecret = o.value("--tls-secret");
        String issuer = o.value("--cert-manager-issuer");
        if (tlsSecret != null && issuer != null) {
            throw new UsageException("give --tls-secret or --cert-manager-issuer, not both");
        }
        if (tlsSecret != null) {
            ingress = ingress.withTls(IngressTls.fromSecret(tlsSecret));
        } else if (issuer != null) {
            ingress = ingress.withTls(IngressTls.certManager(issuer, true, "kestra-tls"));
        }
        b.edge(ingress);
    }

    private static int integer(Options o, String option, int fallback) throws UsageException {
        String value = o.value(option);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a whole number");
        }
    }
}
