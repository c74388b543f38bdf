package io.kestrastack.benchmarks;

import io.kestrastack.ConfigDelivery;
import io.kestrastack.ForwardProxy;
import io.kestrastack.InternalStorage;
import io.kestrastack.Secret;
import io.kestrastack.Stack;
import io.kestrastack.proxy.NginxEdge;
import io.kestrastack.proxy.ProxySettings;
import java.time.Duration;

/**
 * The two stacks every benchmark measures, as unbuilt builders so that validation can be timed on its own.
 * Every secret has a fixed value: runs are comparable and the rendered text is the same every time.
 */
public final class Stacks {

    /** The names the benchmarks take as their {@code stack} parameter, in table order. */
    public static final String MINIMAL = "minimal";
    /** See {@link #MINIMAL}. */
    public static final String FULL = "full";

    private Stacks() {}

    /** {@link #MINIMAL} or {@link #FULL} by name. */
    public static Stack.Builder named(String name) {
        return switch (name) {
            case MINIMAL -> minimal();
            case FULL -> full();
            default -> throw new IllegalArgumentException("no stack named " + name + " (use minimal or full)");
        };
    }

    /**
     * The defaults (no edge, {@code http://localhost:8080}, local storage, configuration inline) with a
     * username and fixed secrets.
     */
    public static Stack.Builder minimal() {
        return Stack.builder()
                .postgres(pg -> pg.password(Secret.of("POSTGRES_PASSWORD", "Pg0fixedBenchmarkPassword0000001")))
                .kestra(k -> k
                        .basicAuth("admin@example.com", Secret.of("BASIC_AUTH_PASSWORD", "Kestra0fixedBenchmark0Password01"))
                        .encryptionKey(Secret.of("ENCRYPTION_SECRET_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")));
    }

    /**
     * Everything on: a sub-path behind nginx with certbot and every {@link ProxySettings} option, S3
     * storage with keys, an authenticated forward proxy, flow secrets and variables, JVM options, a sized
     * Postgres, the configuration as a file. Rendered with the default day-2 operations (backups, smoke
     * test, VERIFY.md).
     */
    public static Stack.Builder full() {
        return Stack.builder()
                .name("flows-prod")
                .publicAddress("https://flows.example.com")
                .contextPath("/kestra")
                .postgres(pg -> pg
                        .password(Secret.of("POSTGRES_PASSWORD", "Pg0fixedBenchmarkPassword0000001"))
                        .maxConnections(60))
                .kestra(k -> k
                        .basicAuth("platform@example.com", Secret.of("BASIC_AUTH_PASSWORD", "Kestra0fixedBenchmark0Password01"))
                        .encryptionKey(Secret.of("ENCRYPTION_SECRET_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="))
                        .storage(new InternalStorage.S3("kestra-flows-prod", "eu-west-1", "https://s3.eu-west-1.amazonaws.com",
                                Secret.of("S3_ACCESS_KEY", "AKIAFIXEDBENCHMARK01"),
                                Secret.of("S3_SECRET_KEY", "fixedBenchmarkSecretKey0123456789abcdefgh"), true))
                        .forwardProxy(proxy -> proxy
                                .type(ForwardProxy.Type.HTTP)
                                .host("proxy.corp.example")
                                .port(3128)
                                .credentials("kestra", Secret.of("FORWARD_PROXY_PASSWORD", "Proxy0fixedBenchmark01"))
                                .authentication(ForwardProxy.Authentication.CREDENTIALS))
                        .addFlowSecret(Secret.of("SECRET_SLACK_WEBHOOK", "https://hooks.slack.example/services/T0/B0/fixed"))
                        .addFlowSecret(Secret.of("SECRET_GITHUB_TOKEN", "ghp_fixedBenchmarkToken0123456789"))
                        .addFlowSecret(Secret.of("SECRET_DB_PASSWORD", "it's a $pecial {{ value }}\\with\"quotes\""))
                        .putFlowEnvironment("REGION", "eu-west-1")
                        .putFlowEnvironment("TEAM", "data-platform")
                        .putFlowEnvironment("GREETING", "yes: ${not a variable} # not a comment")
                        .jvmOptions("-Xms1g -Xmx2g -XX:+UseG1GC")
                        .workerThreads(16)
                        .poolSize(20)
                        .configDelivery(ConfigDelivery.FILE))
                .edge(NginxEdge.builder()
                        .tls(NginxEdge.Tls.certbot("ops@example.com"))
                        .proxy(p -> p
                                .readTimeout(Duration.ofHours(2))
                                .sendTimeout(Duration.ofMinutes(30))
                                .maxBodyMegabytes(512)
                                .contentTypeOptions(true)
                                .frameOptions(ProxySettings.FrameOptions.DENY)
                                .referrerPolicy(ProxySettings.ReferrerPolicy.NO_REFERRER)
                                .hsts(Duration.ofDays(730))
                                .hstsIncludeSubDomains(true)
                                .hstsPreload(true)
                                .putResponseHeader("Permissions-Policy", "camera=(), microphone=()")
                                .putResponseHeader("X-Served-By", "kestra-stack")
                                .accessLog(false)
                                .addAllowedNetwork("10.0.0.0/8")
                                .addAllowedNetwork("192.168.0.0/16")
                                .addAllowedNetwork("2001:db8::/32")
                                .compression(true)));
    }
}
