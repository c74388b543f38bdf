package io.kestrastack.stackfile;

import io.kestrastack.ConfigDelivery;
import io.kestrastack.ForwardProxy;
import io.kestrastack.InternalStorage;
import io.kestrastack.KestraLine;
import io.kestrastack.KestraService;
import io.kestrastack.Monitoring;
import io.kestrastack.PostgresService;
import io.kestrastack.ScriptTasks;
import io.kestrastack.Stack;
import io.kestrastack.proxy.CaddyEdge;
import io.kestrastack.proxy.NginxEdge;
import io.kestrastack.proxy.ProxySettings;
import io.kestrastack.stackfile.Spec.Generator;
import io.kestrastack.stackfile.Spec.Make;
import io.kestrastack.stackfile.Spec.Obj;
import io.kestrastack.stackfile.Spec.Values;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys of a stack file: one per option of the builders ({@link Stack.Builder}, {@link PostgresService.Builder},
 * {@link KestraService.Builder}, {@link ForwardProxy.Builder}, {@link CaddyEdge.Builder}, {@link NginxEdge.Builder},
 * {@link ProxySettings.Builder}), named like the builder method, applied by calling it. Values the builders take
 * as objects (TLS modes, internal storage, secrets, credentials) are small mappings; durations are whole seconds.
 * Defaults are the builders' own: a key left out leaves the builder's default.
 */
final class StackFileKeys {

    private StackFileKeys() {}

    /** The root mapping. */
    static final Obj<Stack.Builder> STACK = stack();

    private static Obj<Stack.Builder> stack() {
        Map<String, Make<Stack.Builder, ?>> edges = new LinkedHashMap<>();
        edges.put("caddy", Spec.builderVariant(caddy(), CaddyEdge::builder, Stack.Builder::edge));
        edges.put("nginx", Spec.builderVariant(nginx(), NginxEdge::builder, Stack.Builder::edge));
        edges.put("none", Spec.variant(Spec.values("No edge: Kestra's HTTP port is published on the host."),
                (b, v) -> b.noEdge()));
        return new Obj<Stack.Builder>("A Kestra stack: PostgreSQL, Kestra and an optional edge proxy.")
                .string("name", "Compose project name. Defaults to kestra.", Stack.Builder::name)
                .string("publicAddress", "Where users reach Kestra: scheme://host[:port], without a path. Defaults to"
                        + " http://localhost:8080.", Stack.Builder::publicAddress)
                .string("contextPath", "The path Kestra is served under, such as /kestra. Defaults to /.",
                        Stack.Builder::contextPath)
                .enumeration("kestraLine", "The Kestra release line. Read from the Kestra image tag when unset.",
                        KestraLine.class, Stack.Builder::kestraLine)
                .string("network", "Name of the private network. Defaults to kestra-stack.", Stack.Builder::network)
                .edit("postgres", "The PostgreSQL service.", postgres(), Stack.Builder::postgres)
                .edit("kestra", "The Kestra service.", kestra(), Stack.Builder::kestra)
                .choice("edge", "The edge proxy in front of Kestra, chosen by kind. Defaults to none.", false, "kind",
                        edges)
                .edit("monitoring", "Prometheus, Alertmanager, exporters and tested alert rules. None by default.",
                        monitoring(), Stack.Builder::monitoring);
    }

    private static Obj<Monitoring.Builder> monitoring() {
        Map<String, Make<Monitoring.Builder, ?>> receivers = new LinkedHashMap<>();
        receivers.put("webhook", Spec.variant(Spec.values("Alertmanager's webhook: a JSON POST per alert group.")
                .requiredString("url", "http(s) URL without user information.", put("url")),
                (b, v) -> b.alertWebhook(v.string("url"))));
        receivers.put("email", Spec.variant(Spec.values("E-mail through an SMTP server.")
                .requiredString("to", "Address alerts go to.", put("to"))
                .requiredString("from", "Sender address.", put("from"))
                .requiredString("smarthost", "SMTP server as host:port.", put("smarthost"))
                .string("username", "SMTP login.", put("username"))
                .secret("password", "SMTP password (needs username).", false, Generator.TOKEN, put("password"))
                .bool("requireTls", "Insist on STARTTLS. Defaults to true.", put("requireTls")),
                (b, v) -> b.alertEmail(new Monitoring.Email(v.string("to"), v.string("from"), v.string("smarthost"),
                        v.optionalString("username"), v.optionalSecret("password"), v.bool("requireTls", true)))));
        return new Obj<Monitoring.Builder>("The monitoring part: every service pinned, on the private network.")
                .choice("receiver", "Where alerts go, chosen by type.", true, "type", receivers)
                .string("prometheusImage", "Defaults to " + Monitoring.DEFAULT_PROMETHEUS_IMAGE + ".",
                        Monitoring.Builder::prometheusImage)
                .string("alertmanagerImage", "Defaults to " + Monitoring.DEFAULT_ALERTMANAGER_IMAGE + ".",
                        Monitoring.Builder::alertmanagerImage)
                .string("blackboxImage", "Defaults to " + Monitoring.DEFAULT_BLACKBOX_IMAGE + ".",
                        Monitoring.Builder::blackboxImage)
                .string("postgresExporterImage", "Defaults to " + Monitoring.DEFAULT_POSTGRES_EXPORTER_IMAGE + ".",
                        Monitoring.Builder::postgresExporterImage)
                .string("nodeExporterImage", "Defaults to " + Monitoring.DEFAULT_NODE_EXPORTER_IMAGE + ".",
                        Monitoring.Builder::nodeExporterImage)
                .integer("publishPrometheus", "Publishes Prometheus on 127.0.0.1 at this host port. Not published by"
                        + " default.", (b, v) -> b.publishPrometheus(Math.toIntExact(v)))
                .integer("publishAlertmanager", "Publishes Alertmanager on 127.0.0.1 at this host port. Not published"
                        + " by default.", (b, v) -> b.publishAlertmanager(Math.toIntExact(v)))
                .integer("retentionDays", "Days Prometheus keeps samples. Defaults to 15.",
                        (b, v) -> b.retentionDays(Math.toIntExact(v)))
                .integer("failedExecutionsPerHour", "Failed executions in an hour above which an alert fires."
                        + " Defaults to 5.", (b, v) -> b.failedExecutionsPerHour(Math.toIntExact(v)))
                .integer("taskQueueSeconds", "Mean seconds tasks wait for a worker before an alert fires. Defaults"
                        + " to 60.", (b, v) -> b.taskQueueSeconds(Math.toIntExact(v)))
                .integer("workerBacklog", "Pending worker jobs above which an alert fires. Defaults to 50.",
                        (b, v) -> b.workerBacklog(Math.toIntExact(v)))
                .number("workerSaturation", "Share of busy worker threads that raises an alert. Defaults to 0.9.",
                        Monitoring.Builder::workerSaturation)
                .number("apiLatencySeconds", "Seconds the public URL may take. Defaults to 2.",
                        Monitoring.Builder::apiLatencySeconds)
                .integer("certificateDays", "Days before certificate expiry when an alert fires. Defaults to 14.",
                        (b, v) -> b.certificateDays(Math.toIntExact(v)))
                .number("postgresConnectionsRatio", "Share of max_connections in use that raises an alert. Defaults"
                        + " to 0.8.", Monitoring.Builder::postgresConnectionsRatio)
                .integer("backupMaxAgeHours", "Hours without a backup before an alert fires. Defaults to twice the"
                        + " backup interval.", (b, v) -> b.backupMaxAgeHours(Math.toIntExact(v)))
                .number("diskFreeRatio", "Share of a volume free below which an alert fires. Defaults to 0.1.",
                        Monitoring.Builder::diskFreeRatio);
    }

    private static Obj<PostgresService.Builder> postgres() {
        return new Obj<PostgresService.Builder>("The PostgreSQL service.")
                .string("serviceName", "Compose service name. Defaults to postgres.", PostgresService.Builder::serviceName)
                .string("image", "Image reference with a pinned tag or digest. Defaults to "
                        + PostgresService.DEFAULT_IMAGE + ".", PostgresService.Builder::image)
                .integer("majorVersion", "The PostgreSQL major version, for tags that do not start with it.",
                        (b, v) -> b.majorVersion(Math.toIntExact(v)))
                .string("database", "Database name. Defaults to kestra.", PostgresService.Builder::database)
                .string("user", "Role name. Defaults to kestra.", PostgresService.Builder::user)
                .secret("password", "The role's password. Defaults to a generated secret in POSTGRES_PASSWORD.", false,
                        Generator.TOKEN, PostgresService.Builder::password)
                .integer("publishedPort", "Publishes Postgres on this host port (on publishAddress). Not published by"
                        + " default.", (b, v) -> b.publishedPort(Math.toIntExact(v)))
                .flag("notPublished", "true: do not publish Postgres on the host (the default).",
                        PostgresService.Builder::notPublished)
                .string("publishAddress", "Host address a published port binds to. Defaults to 127.0.0.1.",
                        PostgresService.Builder::publishAddress)
                .integer("maxConnections", "The server's max_connections. Unset by default (the image's 100).",
                        (b, v) -> b.maxConnections(Math.toIntExact(v)))
                .string("volume", "Name of the data volume. Defaults to postgres-data.", PostgresService.Builder::volume);
    }

    private static Obj<KestraService.Builder> kestra() {
        Map<String, Make<KestraService.Builder, ?>> storage = new LinkedHashMap<>();
        storage.put("local", Spec.variant(Spec.values("A named volume on this host.")
                .string("basePath", "Absolute path in the container. Defaults to /app/storage.", put("basePath"))
                .string("volume", "Compose volume name. Defaults to kestra-storage.", put("volume")),
                (b, v) -> b.storage(new InternalStorage.Local(v.string("basePath", InternalStorage.local().basePath()),
                        v.string("volume", InternalStorage.local().volume())))));
        storage.put("s3", Spec.variant(Spec.values("Amazon S3 or an S3-compatible store.")
                .requiredString("bucket", "Bucket name.", put("bucket"))
                .requiredString("region", "Region, such as eu-west-1.", put("region"))
                .string("endpoint", "Endpoint URL of an S3-compatible store.", put("endpoint"))
                .secret("accessKey", "Access key id; set both keys or neither (instance credentials).", false,
                        Generator.TOKEN, put("accessKey"))
                .secret("secretKey", "Secret access key.", false, Generator.TOKEN, put("secretKey"))
                .bool("forcePathStyle", "Path-style requests, for S3-compatible stores. Defaults to false.",
                        put("forcePathStyle")),
                (b, v) -> b.storage(new InternalStorage.S3(v.string("bucket"), v.string("region"),
                        v.optionalString("endpoint"), v.optionalSecret("accessKey"), v.optionalSecret("secretKey"),
                        v.bool("forcePathStyle", false)))));
        storage.put("minio", Spec.variant(Spec.values("A MinIO server.")
                .requiredString("endpoint", "Host name of the MinIO server.", put("endpoint"))
                .requiredInteger("port", "Its port.", put("port"))
                .bool("secure", "Whether it speaks https. Defaults to false.", put("secure"))
                .requiredString("bucket", "Bucket name.", put("bucket"))
                .secret("accessKey", "Access key.", true, Generator.TOKEN, put("accessKey"))
                .secret("secretKey", "Secret key.", true, Generator.TOKEN, put("secretKey")),
                (b, v) -> b.storage(new InternalStorage.Minio(v.string("endpoint"), v.integer("port"),
                        v.bool("secure", false), v.string("bucket"), v.secret("accessKey"), v.secret("secretKey")))));
        storage.put("gcs", Spec.variant(Spec.values("Google Cloud Storage.")
                .requiredString("bucket", "Bucket name.", put("bucket"))
                .requiredString("projectId", "GCP project id.", put("projectId"))
                .string("serviceAccountFile", "Service-account key file on the host; workload identity when unset.",
                        put("serviceAccountFile")),
                (b, v) -> b.storage(new InternalStorage.Gcs(v.string("bucket"), v.string("projectId"),
                        v.optionalString("serviceAccountFile")))));
        storage.put("azure", Spec.variant(Spec.values("Azure Blob Storage.")
                .requiredString("endpoint", "Blob endpoint URL.", put("endpoint"))
                .requiredString("container", "Container name.", put("container"))
                .secret("connectionString", "Connection string.", true, Generator.TOKEN, put("connectionString")),
                (b, v) -> b.storage(new InternalStorage.Azure(v.string("endpoint"), v.string("container"),
                        v.secret("connectionString")))));
        return new Obj<KestraService.Builder>("The Kestra service.")
                .string("serviceName", "Compose service name. Defaults to kestra.", KestraService.Builder::serviceName)
                .string("image", "Image reference. Defaults to " + KestraService.DEFAULT_IMAGE + ".",
                        KestraService.Builder::image)
                .bool("allowFloatingTag", "Accepts floating tags such as latest or develop. Defaults to false.",
                        KestraService.Builder::allowFloatingTag)
                .integer("publishedPort", "Publishes Kestra's HTTP port on this host port; only without an edge.",
                        (b, v) -> b.publishedPort(Math.toIntExact(v)))
                .integer("workerThreads", "--worker-thread of server standalone; 0 runs no worker. Kestra's default"
                        + " when unset.", (b, v) -> b.workerThreads(Math.toIntExact(v)))
                .choice("storage", "Internal storage, chosen by type. Defaults to local.", false, "type", storage)
                .string("tmpDir", "kestra.tasks.tmp-dir.path. Defaults to " + KestraService.DEFAULT_TMP_DIR + ".",
                        KestraService.Builder::tmpDir)
                .bool("dockerTasks", "Lets script tasks run in Docker through the host's socket (root on the host)."
                        + " Defaults to false.", KestraService.Builder::dockerTasks)
                .enumeration("scriptTasks", "How script tasks run: PROCESS_RUNNER (default, no Docker),"
                        + " DOCKER_IN_DOCKER (a rootless dind sidecar) or HOST_DOCKER_SOCKET (root on the host).",
                        ScriptTasks.class, KestraService.Builder::scriptTasks)
                .string("dindImage", "The rootless Docker-in-Docker image for DOCKER_IN_DOCKER. Defaults to "
                        + KestraService.DEFAULT_DIND_IMAGE + ".", KestraService.Builder::dindImage)
                .make("basicAuth", "Basic-auth credentials; the username is required and must be an email address.",
                        Spec.values("Basic-auth credentials.")
                                .requiredString("username", "An email address.", put("username"))
                                .secret("password", "Defaults to a generated password in BASIC_AUTH_PASSWORD.", false,
                                        Generator.PASSWORD, put("password")),
                        Values::new, (b, v) -> {
                            if (v.optionalSecret("password") == null) {
                                b.username(v.string("username"));
                            } else {
                                b.basicAuth(v.string("username"), v.secret("password"));
                            }
                        })
                .secret("encryptionKey", "kestra.encryption.secret-key. Defaults to a generated key in"
                        + " ENCRYPTION_SECRET_KEY; keep it for the life of the database.", false, Generator.KEY,
                        KestraService.Builder::encryptionKey)
                .flag("noEncryptionKey", "true: leave kestra.encryption.secret-key unset.",
                        KestraService.Builder::noEncryptionKey)
                .secretList("flowSecrets", "Secrets flows read as {{ secret('NAME') }}; each variable is SECRET_NAME.",
                        Generator.TOKEN, KestraService.Builder::addFlowSecret)
                .stringMap("flowEnvironment", "Variables flows read as {{ envs.name }}, rendered as ENV_NAME.",
                        (b, m) -> m.forEach(b::putFlowEnvironment))
                .bool("anonymousUsageReport", "kestra.anonymous-usage-report.enabled. Kestra's default is true.",
                        KestraService.Builder::anonymousUsageReport)
                .string("jvmOptions", "JAVA_OPTS for the Kestra JVM, for example -XX:+UseG1GC.",
                        KestraService.Builder::jvmOptions)
                .string("heap", "The maximum JVM heap (-Xmx), such as 3g or 2048m. Unset: a quarter of the"
                        + " container's memory.", KestraService.Builder::heap)
                .enumeration("configDelivery", "How the configuration reaches the container. Defaults to INLINE.",
                        ConfigDelivery.class, KestraService.Builder::configDelivery)
                .integer("poolSize", "datasources.postgres.maximum-pool-size. Defaults to 10.",
                        (b, v) -> b.poolSize(Math.toIntExact(v)))
                .edit("forwardProxy", "Routes Kestra's calls to api.kestra.io through a forward proxy.", forwardProxy(),
                        KestraService.Builder::forwardProxy);
    }

    private static Obj<ForwardProxy.Builder> forwardProxy() {
        return new Obj<ForwardProxy.Builder>("A forward (egress) proxy.")
                .enumeration("type", "HTTP (default) or SOCKS.", ForwardProxy.Type.class, ForwardProxy.Builder::type)
                .string("host", "The proxy's host name or IPv4 address. Required.", ForwardProxy.Builder::host)
                .integer("port", "The proxy's port. Defaults to 3128.", (b, v) -> b.port(Math.toIntExact(v)))
                .make("credentials", "Credentials for the proxy. None by default.", Spec.values("Proxy credentials.")
                        .requiredString("username", "User name.", put("username"))
                        .secret("password", "Password.", true, Generator.TOKEN, put("password")),
                        Values::new, (b, v) -> b.credentials(v.string("username"), v.secret("password")))
                .enumeration("authentication", "How the credentials are sent. Defaults to CREDENTIALS.",
                        ForwardProxy.Authentication.class, ForwardProxy.Builder::authentication);
    }

    private static Obj<ProxySettings.Builder> proxySettings() {
        return new Obj<ProxySettings.Builder>("How the edge proxies Kestra.")
                .integer("readTimeout", "Seconds the edge waits for the next bytes of a response. Defaults to 3600.",
                        (b, v) -> b.readTimeout(Duration.ofSeconds(v)))
                .integer("sendTimeout", "Seconds the edge waits to pass on the next bytes of a request. Defaults to"
                        + " 3600.", (b, v) -> b.sendTimeout(Duration.ofSeconds(v)))
                .integer("maxBodyMegabytes", "The largest request body in MiB. Defaults to "
                        + ProxySettings.DEFAULT_MAX_BODY_MEGABYTES + ".", ProxySettings.Builder::maxBodyMegabytes)
                .string("maxBodySize", "The largest request body as a size such as 512MiB or 2g (powers of 1024).",
                        ProxySettings.Builder::maxBodySize)
                .bool("contentTypeOptions", "Sends X-Content-Type-Options: nosniff. Defaults to true.",
                        ProxySettings.Builder::contentTypeOptions)
                .enumeration("frameOptions", "X-Frame-Options. Defaults to SAMEORIGIN.", ProxySettings.FrameOptions.class,
                        ProxySettings.Builder::frameOptions)
                .enumeration("referrerPolicy", "Referrer-Policy. Defaults to STRICT_ORIGIN_WHEN_CROSS_ORIGIN.",
                        ProxySettings.ReferrerPolicy.class, ProxySettings.Builder::referrerPolicy)
                .integer("hsts", "HSTS max-age in seconds, sent only over https. Defaults to 31536000.",
                        (b, v) -> b.hsts(Duration.ofSeconds(v)))
                .bool("hstsIncludeSubDomains", "Adds includeSubDomains to HSTS. Defaults to false.",
                        ProxySettings.Builder::hstsIncludeSubDomains)
                .bool("hstsPreload", "Adds preload to HSTS (binds the whole domain for months). Defaults to false.",
                        ProxySettings.Builder::hstsPreload)
                .flag("noHsts", "true: send no HSTS header.", ProxySettings.Builder::noHsts)
                .stringMap("responseHeaders", "Extra response headers, such as Content-Security-Policy.",
                        ProxySettings.Builder::responseHeaders)
                .bool("accessLog", "Logs each request to the edge's standard output. Defaults to true.",
                        ProxySettings.Builder::accessLog)
                .stringList("allowedNetworks", "Client addresses or CIDR ranges allowed to reach Kestra; all when"
                        + " empty.", ProxySettings.Builder::allowedNetworks)
                .bool("compression", "Compresses text responses (never event streams). Defaults to true.",
                        ProxySettings.Builder::compression);
    }

    private static Obj<CaddyEdge.Builder> caddy() {
        Map<String, Make<CaddyEdge.Builder, ?>> tls = new LinkedHashMap<>();
        tls.put("acme", Spec.variant(Spec.values("Certificates from Let's Encrypt, obtained and renewed by Caddy.")
                .string("email", "Optional contact address of the ACME account.", put("email")),
                (b, v) -> b.tls(v.optionalString("email") == null ? CaddyEdge.Tls.acme()
                        : CaddyEdge.Tls.acme(v.string("email")))));
        tls.put("internal", Spec.variant(Spec.values("Caddy's local CA (tls internal), for local and test hosts."),
                (b, v) -> b.tls(CaddyEdge.Tls.internal())));
        tls.put("files", Spec.variant(certificateFiles(), (b, v) -> b.tls(CaddyEdge.Tls.files(v.string("certificate"),
                v.string("key")))));
        tls.put("none", Spec.variant(Spec.values("Plain HTTP, for an http:// public address."),
                (b, v) -> b.tls(CaddyEdge.Tls.none())));
        return new Obj<CaddyEdge.Builder>("Caddy in front of Kestra.")
                .string("serviceName", "Compose service name. Defaults to caddy.", CaddyEdge.Builder::serviceName)
                .string("image", "The Caddy image, 2.6 or later. Defaults to " + CaddyEdge.DEFAULT_IMAGE + ".",
                        CaddyEdge.Builder::image)
                .choice("tls", "Where the certificate comes from, chosen by mode. Required.", true, "mode", tls)
                .edit("proxy", "How Caddy proxies Kestra.", proxySettings(), CaddyEdge.Builder::proxy)
                .bool("http3", "Offers HTTP/3 and publishes the port over UDP. Defaults to true.",
                        CaddyEdge.Builder::http3)
                .string("dataVolume", "Volume for /data (certificates, keys). Defaults to caddy-data.",
                        CaddyEdge.Builder::dataVolume)
                .string("configVolume", "Volume for /config. Defaults to caddy-config.", CaddyEdge.Builder::configVolume)
                .string("publishAddress", "Host IPv4 address the ports are published on.",
                        CaddyEdge.Builder::publishAddress);
    }

    private static Obj<NginxEdge.Builder> nginx() {
        Map<String, Make<NginxEdge.Builder, ?>> tls = new LinkedHashMap<>();
        tls.put("files", Spec.variant(certificateFiles(), (b, v) -> b.tls(NginxEdge.Tls.files(v.string("certificate"),
                v.string("key")))));
        tls.put("certbot", Spec.variant(Spec.values("Let's Encrypt certificates from the generated certbot script.")
                .string("email", "Optional contact address of the ACME account.", put("email")),
                (b, v) -> b.tls(v.optionalString("email") == null ? NginxEdge.Tls.certbot()
                        : NginxEdge.Tls.certbot(v.string("email")))));
        tls.put("none", Spec.variant(Spec.values("Plain HTTP, for an http:// public address."),
                (b, v) -> b.tls(NginxEdge.Tls.none())));
        tls.put("endedInFront", Spec.variant(Spec.values("TLS ends in a load balancer in front of nginx."),
                (b, v) -> b.tls(NginxEdge.Tls.endedInFront())));
        return new Obj<NginxEdge.Builder>("nginx in front of Kestra.")
                .string("serviceName", "Compose service name. Defaults to nginx.", NginxEdge.Builder::serviceName)
                .string("image", "The nginx image, 1.22 or later. Defaults to " + NginxEdge.DEFAULT_IMAGE + ".",
                        NginxEdge.Builder::image)
                .string("certbotImage", "The certbot image the script runs. Defaults to "
                        + NginxEdge.DEFAULT_CERTBOT_IMAGE + ".", NginxEdge.Builder::certbotImage)
                .choice("tls", "Where the certificate comes from, or where TLS ends, chosen by mode. Required.", true,
                        "mode", tls)
                .edit("proxy", "How nginx proxies Kestra.", proxySettings(), NginxEdge.Builder::proxy)
                .string("publishAddress", "Host IPv4 address the ports are published on.",
                        NginxEdge.Builder::publishAddress);
    }

    private static Obj<Values> certificateFiles() {
        return Spec.values("A certificate and key from files on the host, relative to the bundle or absolute.")
                .requiredString("certificate", "The certificate chain, such as ./certs/fullchain.pem.", put("certificate"))
                .requiredString("key", "The private key, such as ./certs/privkey.pem.", put("key"));
    }

    private static <T> java.util.function.BiConsumer<Values, T> put(String key) {
        return (v, value) -> v.put(key, value);
    }
}
