package io.kestrastack.render;

import io.kestrastack.ConfigDelivery;
import io.kestrastack.ForwardProxy;
import io.kestrastack.InternalStorage;
import io.kestrastack.KestraLine;
import io.kestrastack.KestraService;
import io.kestrastack.PostgresService;
import io.kestrastack.Secret;
import io.kestrastack.Stack;
import io.kestrastack.internal.Yaml;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the Kestra configuration: datasource, Postgres repository and queue, storage, task directory,
 * {@code kestra.url}, basic auth, encryption, Micronaut's context path, host resolution and forward
 * proxy.
 *
 * <p>Keys are kebab-case throughout. Secrets appear only as Micronaut placeholders ({@code ${NAME}})
 * naming environment variables of the Kestra container; their values are never in this text.
 */
public final class KestraConfigRenderer implements Renderer {

    /** Path of the file in the bundle when the configuration is delivered as a file. */
    public static final String PATH = "kestra/application.yaml";
    /** Where that file is mounted in the Kestra container. */
    public static final String CONTAINER_PATH = "/etc/kestra/application.yaml";

    /** The configuration as an ordered tree. */
    public Map<String, Object> tree(Stack stack) {
        PostgresService pg = stack.postgres();
        KestraService k = stack.kestra();

        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> postgres = new LinkedHashMap<>();
        postgres.put("url", pg.jdbcUrl());
        postgres.put("driver-class-name", "org.postgresql.Driver");
        postgres.put("username", pg.user());
        postgres.put("password", placeholder(pg.password()));
        if (k.poolSize() != 10) {
            postgres.put("maximum-pool-size", k.poolSize());
        }
        root.put("datasources", Map.of("postgres", postgres));

        Map<String, Object> kestra = new LinkedHashMap<>();
        kestra.put("url", stack.kestraUrl());
        Map<String, Object> basicAuth = new LinkedHashMap<>();
        basicAuth.put("username", k.basicAuth().username());
        basicAuth.put("password", placeholder(k.basicAuth().password()));
        kestra.put("server", Map.of("basic-auth", basicAuth));
        kestra.put("repository", Map.of("type", "postgres"));
        kestra.put("queue", Map.of("type", "postgres"));
        kestra.put("storage", storage(k.storage()));
        kestra.put("tasks", Map.of("tmp-dir", Map.of("path", k.tmpDir())));
        k.encryptionKey().ifPresent(key -> kestra.put("encryption", Map.of("secret-key", placeholder(key))));
        if (!k.anonymousUsageReport()) {
            kestra.put("anonymous-usage-report", Map.of("enabled", false));
        }
        root.put("kestra", kestra);

        Map<String, Object> micronaut = new LinkedHashMap<>();
        Map<String, Object> server = new LinkedHashMap<>();
        if (!stack.contextPath().isRoot()) {
            server.put("context-path", stack.contextPath().value());
        }
        if (stack.edge().isPresent() || stack.address().scheme() == io.kestrastack.Scheme.HTTPS) {
            Map<String, Object> hostResolution = new LinkedHashMap<>();
            hostResolution.put("host-header", "Host");
            hostResolution.put("protocol-header", "X-Forwarded-Proto");
            server.put("host-resolution", hostResolution);
        }
        if (!server.isEmpty()) {
            micronaut.put("server", server);
        }
        k.forwardProxy().ifPresent(proxy -> micronaut.put("http", forwardProxy(proxy)));
        if (!micronaut.isEmpty()) {
            root.put("micronaut", micronaut);
        }
        if (stack.line() == KestraLine.V2) {
            // Kestra 2.0 marks management endpoints sensitive by default; the container healthcheck
            // calls /health/readiness without credentials, so keep that one endpoint open (details stay hidden).
            root.put("endpoints", Map.of("health", Map.of("sensitive", false)));
        }
        return root;
    }

    private static Map<String, Object> storage(InternalStorage storage) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", storage.type());
        Map<String, Object> settings = new LinkedHashMap<>();
        if (storage instanceof InternalStorage.Local local) {
            settings.put("base-path", local.basePath());
        } else if (storage instanceof InternalStorage.S3 s3) {
            settings.put("bucket", s3.bucket());
            settings.put("region", s3.region());
            if (s3.endpoint() != null) {
                settings.put("endpoint", s3.endpoint());
            }
            if (s3.accessKey() != null && s3.secretKey() != null) {
                settings.put("access-key", placeholder(s3.accessKey()));
                settings.put("secret-key", placeholder(s3.secretKey()));
            }
            if (s3.forcePathStyle()) {
                settings.put("force-path-style", true);
            }
        } else if (storage instanceof InternalStorage.Minio minio) {
            settings.put("endpoint", minio.endpoint());
            settings.put("port", minio.port());
            settings.put("secure", minio.secure());
            settings.put("bucket", minio.bucket());
            settings.put("access-key", placeholder(minio.accessKey()));
            settings.put("secret-key", placeholder(minio.secretKey()));
        } else if (storage instanceof InternalStorage.Gcs gcs) {
            settings.put("bucket", gcs.bucket());
            settings.put("project-id", gcs.projectId());
        } else if (storage instanceof InternalStorage.Azure azure) {
            settings.put("endpoint", azure.endpoint());
            settings.put("container", azure.container());
            settings.put("connection-string", placeholder(azure.connectionString()));
        }
        out.put(storage.type(), settings);
        return out;
    }

    private static Map<String, Object> forwardProxy(ForwardProxy proxy) {
        Map<String, Object> api = new LinkedHashMap<>();
        api.put("url", ForwardProxy.KESTRA_API_URL);
        api.put("proxy-type", proxy.type().text());
        api.put("proxy-address", proxy.address());
        api.put("follow-redirects", true);
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("services", Map.of("api", api));
        Optional<Secret> secret = proxy.secret();
        if (proxy.authentication() == ForwardProxy.Authentication.CREDENTIALS && secret.isPresent()) {
            api.put("proxy-username", proxy.username().orElseThrow());
            api.put("proxy-password", placeholder(secret.get()));
        } else if (proxy.authentication() == ForwardProxy.Authentication.BASIC_HEADER && secret.isPresent()) {
            http.put("client", Map.of("proxy-authorization", placeholder(secret.get())));
        }
        return http;
    }

    /** A Micronaut placeholder for an environment variable of the Kestra container. */
    static String placeholder(Secret secret) {
        return "${" + secret.variable() + "}";
    }

    /** The configuration as YAML text. */
    public String yaml(Stack stack) {
        return Yaml.dump(tree(stack));
    }

    /**
     * The configuration file. It is part of the bundle only with {@link ConfigDelivery#FILE}; with
     * {@link ConfigDelivery#INLINE} the same text is in {@code KESTRA_CONFIGURATION}.
     */
    @Override
    public RenderedFile render(Stack stack) {
        return RenderedFile.of(PATH, yaml(stack));
    }
}
