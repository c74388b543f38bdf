package io.kestrastack.proxy.testing;

import io.kestrastack.Stack;
import io.kestrastack.proxy.CaddyEdge;
import io.kestrastack.proxy.NginxEdge;
import io.kestrastack.proxy.ProxySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.jspecify.annotations.Nullable;

/**
 * A stack with an edge, described by the choices a generator makes, and built only through the public
 * builders. {@link #valid()} generates consistent choices; a test may then replace one field with an
 * adversarial string through the {@code with...} methods.
 *
 * @param kind caddy or nginx
 * @param tls the TLS mode
 * @param host the public host
 * @param port the public port, or 0 for the scheme's default
 * @param contextPath the context path
 * @param kestraService Kestra's Compose service name
 * @param proxy the proxy settings
 * @param email the ACME or certbot contact, or {@code null} for none
 * @param certificate certificate file on the host
 * @param key key file on the host
 * @param edgeService the edge's Compose service name
 */
public record Scenario(Kind kind, TlsMode tls, String host, int port, String contextPath, String kestraService,
        ProxyChoice proxy, @Nullable String email, String certificate, String key, String edgeService) {

    /** The kind of edge. */
    public enum Kind { CADDY, NGINX }

    /** TLS modes of both edges. */
    public enum TlsMode {
        /** Caddy ACME. */
        ACME,
        /** Caddy's internal CA. */
        INTERNAL,
        /** Certificate files (both edges). */
        FILES,
        /** nginx with certbot. */
        CERTBOT,
        /** nginx behind a TLS-ending proxy. */
        IN_FRONT,
        /** Plain HTTP (both edges). */
        NONE;

        /** Whether the public address is https with this mode. */
        public boolean https() {
            return this != NONE;
        }
    }

    /**
     * Proxy settings as plain values.
     *
     * @param readSeconds read timeout
     * @param sendSeconds send timeout
     * @param maxBody body limit in MiB
     * @param frame frame options
     * @param referrer referrer policy
     * @param nosniff X-Content-Type-Options
     * @param hstsSeconds HSTS max-age, or -1 for none
     * @param hstsSub includeSubDomains
     * @param hstsPreload preload
     * @param accessLog access log
     * @param compression compression
     * @param networks allowed networks
     * @param headers extra response headers
     */
    public record ProxyChoice(long readSeconds, long sendSeconds, long maxBody, ProxySettings.FrameOptions frame,
            ProxySettings.ReferrerPolicy referrer, boolean nosniff, long hstsSeconds, boolean hstsSub, boolean hstsPreload,
            boolean accessLog, boolean compression, List<String> networks, Map<String, String> headers) {

        /** Applies these values to a settings builder. */
        public Consumer<ProxySettings.Builder> apply() {
            return b -> {
                b.readTimeout(Duration.ofSeconds(readSeconds)).sendTimeout(Duration.ofSeconds(sendSeconds))
                        .maxBodyMegabytes(maxBody).frameOptions(frame).referrerPolicy(referrer).contentTypeOptions(nosniff)
                        .accessLog(accessLog).compression(compression).allowedNetworks(networks).responseHeaders(headers);
                if (hstsSeconds < 0) {
                    b.noHsts();
                } else {
                    b.hsts(Duration.ofSeconds(hstsSeconds)).hstsIncludeSubDomains(hstsSub).hstsPreload(hstsPreload);
                }
            };
        }
    }

    /** The public address. */
    public String publicAddress() {
        return (tls.https() ? "https" : "http") + "://" + host + (port == 0 ? "" : ":" + port);
    }

    /** A stack builder with every choice applied; {@code build()} may throw for adversarial choices. */
    public Stack.Builder stackBuilder() {
        Stack.Builder b = Stack.builder().name("kestra").publicAddress(publicAddress()).contextPath(contextPath)
                .kestra(k -> k.username("admin@example.com").serviceName(kestraService));
        if (kind == Kind.CADDY) {
            CaddyEdge.Tls t = switch (tls) {
                case ACME -> email == null ? CaddyEdge.Tls.acme() : CaddyEdge.Tls.acme(email);
                case INTERNAL -> CaddyEdge.Tls.internal();
                case FILES -> CaddyEdge.Tls.files(certificate, key);
                case NONE -> CaddyEdge.Tls.none();
                default -> throw new IllegalStateException(tls + " is not a Caddy mode");
            };
            b.edge(CaddyEdge.builder().serviceName(edgeService).tls(t).proxy(proxy.apply()));
        } else {
            NginxEdge.Tls t = switch (tls) {
                case FILES -> NginxEdge.Tls.files(certificate, key);
                case CERTBOT -> email == null ? NginxEdge.Tls.certbot() : NginxEdge.Tls.certbot(email);
                case IN_FRONT -> NginxEdge.Tls.endedInFront();
                case NONE -> NginxEdge.Tls.none();
                default -> throw new IllegalStateException(tls + " is not an nginx mode");
            };
            b.edge(NginxEdge.builder().serviceName(edgeService).tls(t).proxy(proxy.apply()));
        }
        return b;
    }

    /** The built stack. */
    public Stack stack() {
        return stackBuilder().build();
    }

    /** This scenario with one extra response header. */
    public Scenario withHeader(String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>(proxy.headers());
        headers.put(name, value);
        return withProxy(new ProxyChoice(proxy.readSeconds, proxy.sendSeconds, proxy.maxBody, proxy.frame,
                proxy.referrer, proxy.nosniff, proxy.hstsSeconds, proxy.hstsSub, proxy.hstsPreload, proxy.accessLog,
                proxy.compression, proxy.networks, headers));
    }

    /** This scenario with one extra allowed network. */
    public Scenario withNetwork(String network) {
        List<String> networks = new ArrayList<>(proxy.networks());
        networks.add(network);
        return withProxy(new ProxyChoice(proxy.readSeconds, proxy.sendSeconds, proxy.maxBody, proxy.frame,
                proxy.referrer, proxy.nosniff, proxy.hstsSeconds, proxy.hstsSub, proxy.hstsPreload, proxy.accessLog,
                proxy.compression, networks, proxy.headers));
    }

    /** This scenario with other proxy settings. */
    public Scenario withProxy(ProxyChoice p) {
        return new Scenario(kind, tls, host, port, contextPath, kestraService, p, email, certificate, key, edgeService);
    }

    /** This scenario with another context path. */
    public Scenario withContextPath(String path) {
        return new Scenario(kind, tls, host, port, path, kestraService, proxy, email, certificate, key, edgeService);
    }

    /** This scenario with another host. */
    public Scenario withHost(String h) {
        return new Scenario(kind, tls, h, port, contextPath, kestraService, proxy, email, certificate, key, edgeService);
    }

    /** This scenario with another contact email. */
    public Scenario withEmail(String e) {
        return new Scenario(kind, tls, host, port, contextPath, kestraService, proxy, e, certificate, key, edgeService);
    }

    /** This scenario with another certificate path. */
    public Scenario withCertificate(String c) {
        return new Scenario(kind, tls, host, port, contextPath, kestraService, proxy, email, c, key, edgeService);
    }

    /**
     * This scenario with TLS mode {@code mode} on a public host, for fields that only exist in that mode (ACME
     * or certbot email, certificate files).
     */
    public Scenario withTls(TlsMode mode) {
        Scenario s = new Scenario(kind, mode, PUBLIC_HOSTS.contains(host) ? host : "flows.example.com", port,
                contextPath, kestraService, proxy, email, certificate, key, edgeService);
        return s;
    }

    /** This scenario with another edge service name. */
    public Scenario withEdgeService(String s) {
        return new Scenario(kind, tls, host, port, contextPath, kestraService, proxy, email, certificate, key, s);
    }

    static final List<String> PUBLIC_HOSTS = List.of("flows.example.com", "kestra.acme.io", "a.b.example.org",
            "ci-1.kestra.dev");
    static final List<String> LOCAL_HOSTS = List.of("localhost", "127.0.0.1", "kestra.internal", "ci.test");
    static final List<String> NETWORKS = List.of("10.0.0.0/8", "192.168.0.0/16", "172.16.0.0/12", "2001:db8::/32",
            "203.0.113.7", "::1");
    static final List<String> HEADER_NAMES = List.of("Content-Security-Policy", "Permissions-Policy", "X-Robots-Tag",
            "Cross-Origin-Opener-Policy");

    /** Consistent scenarios of both kinds. */
    public static Arbitrary<Scenario> valid() {
        Arbitrary<Kind> kinds = Arbitraries.of(Kind.values());
        Arbitrary<Boolean> publicHost = Arbitraries.of(true, false);
        return Combinators.combine(kinds, publicHost, Arbitraries.integers().between(0, 99), contextPaths(),
                Arbitraries.of("kestra", "kestra-server", "k1"), proxyChoices(), Arbitraries.of("caddy-edge", "edge",
                        "front")).flatAs((kind, isPublic, pick, path, kestraService, proxy, edgeName) -> {
                            List<TlsMode> modes = kind == Kind.CADDY
                                    ? (isPublic ? List.of(TlsMode.ACME, TlsMode.INTERNAL, TlsMode.FILES, TlsMode.NONE)
                                            : List.of(TlsMode.INTERNAL, TlsMode.FILES, TlsMode.NONE))
                                    : (isPublic ? List.of(TlsMode.FILES, TlsMode.CERTBOT, TlsMode.IN_FRONT, TlsMode.NONE)
                                            : List.of(TlsMode.FILES, TlsMode.IN_FRONT, TlsMode.NONE));
                            TlsMode mode = modes.get(pick % modes.size());
                            List<String> hosts = isPublic ? PUBLIC_HOSTS : LOCAL_HOSTS;
                            return Combinators.combine(Arbitraries.of(hosts),
                                    Arbitraries.of(0, 0, 0, 8443, 8080, 9000)).as((h, port) -> new Scenario(kind, mode, h,
                                            port, path, kestraService, proxy, pick % 3 == 0 ? null : "ops@example.com",
                                            "./certs/fullchain.pem",
                                            pick % 2 == 0 ? "./certs/privkey.pem" : "./keys/kestra.key",
                                            kind == Kind.CADDY ? "caddy" : edgeName));
                        });
    }

    /** Context paths: the root, or one to three plain segments. */
    public static Arbitrary<String> contextPaths() {
        Arbitrary<String> segment = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789._~-")
                .ofMinLength(1).ofMaxLength(8)
                .filter(s -> !s.equals(".") && !s.equals("..") && !s.equals("ui") && !s.equals("api"));
        Arbitrary<String> nested = segment.list().ofMinSize(1).ofMaxSize(3).map(l -> "/" + String.join("/", l));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, Arbitraries.just("/")), net.jqwik.api.Tuple.of(3, nested));
    }

    /** Header values every edge can carry: printable ASCII without braces or backslashes, no outer spaces. */
    public static Arbitrary<String> headerValues() {
        return Arbitraries.strings().withChars("abcXYZ019 ;:'\"=,/.*()-$`#%&!?@[]|~^+<>_").ofMinLength(1).ofMaxLength(60)
                .map(String::strip).filter(s -> !s.isEmpty());
    }

    /** Valid proxy settings. */
    public static Arbitrary<ProxyChoice> proxyChoices() {
        Arbitrary<Long> hsts = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(-1L)),
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(0, 2 * 31_536_000L)));
        Arbitrary<Map<String, String>> headers = Arbitraries.subsetOf(HEADER_NAMES).flatMap(names -> {
            List<String> ordered = HEADER_NAMES.stream().filter(names::contains).toList();
            return headerValues().list().ofSize(ordered.size()).map(values -> {
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < ordered.size(); i++) {
                    m.put(ordered.get(i), values.get(i));
                }
                return m;
            });
        });
        Arbitrary<List<String>> networks = Arbitraries.subsetOf(NETWORKS)
                .map(set -> NETWORKS.stream().filter(set::contains).toList());
        return Combinators.combine(
                Arbitraries.longs().between(300, 86_400), Arbitraries.longs().between(60, 86_400),
                Arbitraries.longs().between(1, 10_240), Arbitraries.of(ProxySettings.FrameOptions.values()),
                Arbitraries.of(ProxySettings.ReferrerPolicy.values()), Arbitraries.of(true, false), hsts,
                Arbitraries.of(true, false)).flatAs((read, send, body, frame, referrer, nosniff, hstsAge, sub) ->
                        Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false),
                                Arbitraries.of(true, false), networks, headers).as((preload, log, gzip, nets, hdrs) ->
                                        new ProxyChoice(read, send, body, frame, referrer, nosniff, hstsAge, sub,
                                                preload && sub && hstsAge >= 31_536_000L, log, gzip, nets, hdrs)));
    }
}
