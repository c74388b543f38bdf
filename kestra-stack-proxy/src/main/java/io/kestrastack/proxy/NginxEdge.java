package io.kestrastack.proxy;

import io.kestrastack.Edge;
import io.kestrastack.EdgeContext;
import io.kestrastack.ImageRef;
import io.kestrastack.Scheme;
import io.kestrastack.StackConfigException;
import io.kestrastack.Violation;
import io.kestrastack.internal.Checks;
import io.kestrastack.internal.Problems;
import io.kestrastack.proxy.internal.CertbotScriptRenderer;
import io.kestrastack.proxy.internal.EdgeChecks;
import io.kestrastack.proxy.internal.NginxConfRenderer;
import io.kestrastack.proxy.internal.NginxText;
import io.kestrastack.internal.ShellText;
import io.kestrastack.render.RenderedFile;
import io.kestrastack.render.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * nginx in front of Kestra. The whole configuration is one file, {@value #CONF_PATH}, mounted read-only
 * over the image's {@value #CONTAINER_CONF}: with TLS, a server on port 80 that redirects to https (and
 * answers ACME http-01 challenges when certificates come from certbot) and a server on 443 with HTTP/2;
 * without TLS, one server on port 80.
 *
 * <p>The location at the context path proxies to the Kestra service with the prefix kept,
 * {@code proxy_http_version 1.1}, {@code proxy_buffering off} and {@code proxy_cache off} (so that the UI's
 * event streams of logs and executions are not held back), long read and send timeouts, the forwarded
 * headers Kestra needs and the WebSocket upgrade through {@code map $http_upgrade $connection_upgrade}.
 * HTTP/2 is enabled in the form the pinned image understands without warnings ({@link #http2Directive()}):
 * the {@code http2 on;} directive from nginx {@value #HTTP2_DIRECTIVE_VERSION} on, where the {@code http2}
 * parameter of {@code listen} is deprecated and logs a warning at every start; {@code listen 443 ssl http2}
 * for older images such as Debian 12's {@value #MINIMUM_VERSION}, which do not know the directive.
 *
 * <p>nginx resolves the Kestra service name once, at start; the service therefore starts after Kestra is
 * healthy, and must be restarted if Kestra's container is recreated with a new address.
 */
public final class NginxEdge implements Edge {

    /** The image used when none is set. */
    public static final String DEFAULT_IMAGE = "nginx:1.30.5";
    /** The certbot image the renewal script runs when none is set. */
    public static final String DEFAULT_CERTBOT_IMAGE = "certbot/certbot:v5.6.0";
    /**
     * The first nginx release with the {@code http2} directive; it deprecated the {@code http2} parameter of
     * {@code listen} (nginx.org ngx_http_v2_module: "appeared in version 1.25.1"; nginx CHANGES 1.25.1).
     */
    public static final String HTTP2_DIRECTIVE_VERSION = "1.25.1";
    /** The oldest nginx release that accepts everything rendered here. */
    public static final String MINIMUM_VERSION = "1.22";
    /** Path of the configuration in the bundle. */
    public static final String CONF_PATH = "nginx/nginx.conf";
    /** Where the configuration is mounted in the container. */
    public static final String CONTAINER_CONF = "/etc/nginx/nginx.conf";
    /** Path of the certbot script in the bundle, with {@link Tls.Certbot}. */
    public static final String CERTBOT_SCRIPT_PATH = "nginx/certbot.sh";
    /** Where certificate files are mounted in the container. */
    public static final String CONTAINER_CERTIFICATES = "/etc/nginx/certs";
    /** Host directory (relative to the bundle) where certbot keeps its configuration and certificates. */
    public static final String CERTBOT_CONF_DIR = "./certbot/conf";
    /** Host directory (relative to the bundle) certbot writes http-01 challenge files into. */
    public static final String CERTBOT_WEBROOT_DIR = "./certbot/www";
    /** Where {@link #CERTBOT_CONF_DIR} is mounted in the container. */
    public static final String CONTAINER_LETSENCRYPT = "/etc/nginx/letsencrypt";
    /** Where {@link #CERTBOT_WEBROOT_DIR} is mounted in the container. */
    public static final String CONTAINER_WEBROOT = "/var/www/certbot";

    /** Where the certificate comes from, or where TLS ends. */
    public sealed interface Tls permits Tls.Files, Tls.Certbot, Tls.None, Tls.EndedInFront {

        /**
         * A certificate and key from files on the host, relative to the bundle ({@code ./certs/fullchain.pem})
         * or absolute. Their directories are mounted read-only; reload nginx after replacing them.
         */
        static Tls files(String certificate, String key) {
            return new Files(certificate, key);
        }

        /**
         * Let's Encrypt certificates obtained and renewed by certbot with the script {@value #CERTBOT_SCRIPT_PATH}
         * (run it once before the first start, then daily). nginx serves the http-01 challenges on port 80. The
         * ACME account is registered without a contact address ({@code --register-unsafely-without-email});
         * Let's Encrypt stopped sending expiry emails in 2025.
         */
        static Tls certbot() {
            return new Certbot(Optional.empty());
        }

        /** Like {@link #certbot()}, with a contact address for the ACME account ({@code --email}). */
        static Tls certbot(String email) {
            return new Certbot(Optional.of(email));
        }

        /** No TLS anywhere: plain HTTP for a public address with the {@code http} scheme. */
        static Tls none() {
            return new None();
        }

        /**
         * TLS ends in front of nginx (a load balancer or another proxy): nginx speaks plain HTTP on port 80 for
         * a public address with the {@code https} scheme, tells Kestra the scheme is https, and appends to the
         * front's {@code X-Forwarded-For}.
         */
        static Tls endedInFront() {
            return new EndedInFront();
        }

        /** Certificate files. @param certificate the chain on the host @param key the private key on the host */
        record Files(String certificate, String key) implements Tls {
            public Files {
                Objects.requireNonNull(certificate, "certificate");
                Objects.requireNonNull(key, "key");
            }
        }

        /** certbot. @param email the ACME account's contact address, if any */
        record Certbot(Optional<String> email) implements Tls {
            public Certbot {
                Objects.requireNonNull(email, "email");
            }
        }

        /** Plain HTTP. */
        record None() implements Tls {}

        /** Plain HTTP behind a TLS-ending proxy. */
        record EndedInFront() implements Tls {}
    }

    private final String serviceName;
    private final ImageRef image;
    private final ImageRef certbotImage;
    private final Tls tls;
    private final ProxySettings proxy;
    private final @Nullable String publishAddress;

    private NginxEdge(Builder b, ImageRef image, ImageRef certbotImage, Tls tls, ProxySettings proxy) {
        this.serviceName = b.serviceName;
        this.image = image;
        this.certbotImage = certbotImage;
        this.tls = tls;
        this.proxy = proxy;
        this.publishAddress = b.publishAddress;
    }

    /** A builder; {@link Builder#tls(Tls)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this edge's settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public List<String> beforeFirstStart(EdgeContext context) {
        // nginx refuses to start while a certificate file it names is missing, and only certbot.sh creates it;
        // on its first run certbot answers the challenge on port 80 itself.
        return tls instanceof Tls.Certbot ? List.of("sh " + CERTBOT_SCRIPT_PATH) : List.of();
    }

    @Override
    public boolean publiclyTrusted() {
        return tls instanceof Tls.Certbot;
    }

    @Override
    public String kind() {
        return "nginx";
    }

    @Override
    public String serviceName() {
        return serviceName;
    }

    /** The pinned nginx image. */
    public ImageRef image() {
        return image;
    }

    /** The certbot image the script runs (used with {@link Tls.Certbot} only). */
    public ImageRef certbotImage() {
        return certbotImage;
    }

    /** Where the certificate comes from, or where TLS ends. */
    public Tls tls() {
        return tls;
    }

    /** The reverse-proxy behaviour. */
    public ProxySettings proxy() {
        return proxy;
    }

    /**
     * The host address the ports are published on, if set; when unset, a stack at a loopback address is
     * published on that address only, any other on every address.
     */
    public Optional<String> publishAddress() {
        return Optional.ofNullable(publishAddress);
    }

    /**
     * Whether HTTP/2 is enabled with the {@code http2 on;} directive rather than the {@code http2} parameter of
     * {@code listen}: for official {@code nginx} images whose tag names {@value #HTTP2_DIRECTIVE_VERSION} or
     * later. Custom images and digest-only references get the older form, which every supported version accepts
     * (newer ones with a deprecation warning).
     */
    public boolean http2Directive() {
        return EdgeChecks.officialAtLeast(image, "nginx", 1, 25, 1);
    }

    /** Whether nginx itself ends TLS (certificate files or certbot). */
    public boolean endsTls() {
        return tls instanceof Tls.Files || tls instanceof Tls.Certbot;
    }

    /**
     * The certificate and key paths in the container, and the mounts that put them there, for
     * {@link Tls.Files} and {@link Tls.Certbot} ({@code host} names certbot's lineage directory).
     */
    public Optional<CertificateFiles> certificateFiles(String host) {
        if (tls instanceof Tls.Files f) {
            return Optional.of(CertificateFiles.of(f.certificate(), f.key(), CONTAINER_CERTIFICATES));
        }
        if (tls instanceof Tls.Certbot) {
            String live = CONTAINER_LETSENCRYPT + "/live/" + host;
            return Optional.of(new CertificateFiles(live + "/fullchain.pem", live + "/privkey.pem", List.of(
                    ServiceSpec.Mount.bind(CERTBOT_CONF_DIR, CONTAINER_LETSENCRYPT, true),
                    ServiceSpec.Mount.bind(CERTBOT_WEBROOT_DIR, CONTAINER_WEBROOT, true))));
        }
        return Optional.empty();
    }

    /**
     * Checks the edge against the stack: nginx-ended TLS needs an https address
     * ({@code tls-needs-https-address}); {@code none()} an http one ({@code plain-http-needs-http-address});
     * {@code endedInFront()} an https one ({@code tls-in-front-needs-https-address}); certbot a public DNS
     * name ({@code acme-needs-public-name}); the port must suit the scheme ({@code port-scheme-mismatch}).
     */
    @Override
    public List<Violation> check(EdgeContext context) {
        Problems p = new Problems();
        Scheme scheme = context.address().scheme();
        String origin = context.address().origin();
        if (endsTls() && scheme == Scheme.HTTP) {
            p.add("tls", "tls-needs-https-address", "nginx is configured to end TLS but the public address " + origin
                    + " is plain http", "make the public address https://..., or use NginxEdge.Tls.none()");
        }
        if (tls instanceof Tls.None && scheme == Scheme.HTTPS) {
            p.add("tls", "plain-http-needs-http-address", "Tls.none() serves plain HTTP but the public address "
                    + origin + " is https", "use Tls.files(...) or Tls.certbot(...), or Tls.endedInFront() when a load"
                    + " balancer in front of nginx ends TLS");
        }
        if (tls instanceof Tls.EndedInFront && scheme == Scheme.HTTP) {
            p.add("tls", "tls-in-front-needs-https-address", "Tls.endedInFront() says TLS ends in front of nginx,"
                    + " but the public address " + origin + " is plain http", "make the public address https://...,"
                    + " or use Tls.none()");
        }
        if (tls instanceof Tls.Certbot) {
            EdgeChecks.acmeHost(p, "tls", context.address());
        }
        EdgeChecks.portMatchesScheme(p, "ports", context.address());
        // nginx refuses an argument over 4096 bytes: what build() accepts must render (issue 10 item 7)
        if (NginxText.problem(context.contextPath().withTrailingSlash()) != null) {
            p.add("contextPath", "too-long-for-nginx", "the context path is longer than nginx reads as one argument ("
                    + NginxText.MAX_ARGUMENT_LENGTH + " characters)", "use a shorter context path");
        }
        certificateFiles(context.address().host()).ifPresent(files -> {
            if (NginxText.problem(files.certificatePath()) != null || NginxText.problem(files.keyPath()) != null) {
                p.add("tls", "too-long-for-nginx", "a certificate or key path in the container is longer than nginx"
                        + " reads as one argument (" + NginxText.MAX_ARGUMENT_LENGTH + " characters)",
                        "use shorter file names");
            }
        });
        return p.violations();
    }

    /**
     * The nginx service: with TLS, host port 80 and the public port (to 443 in the container); without,
     * the public port (or 80 behind a TLS-ending proxy) to 80. The configuration and certificates are mounted
     * read-only; the service starts once Kestra is healthy, because nginx resolves the upstream at start.
     */
    @Override
    public ServiceSpec service(EdgeContext context) {
        ServiceSpec.Builder b = ServiceSpec.builder(serviceName, image);
        String publishAddress = EdgeChecks.publishAddress(this.publishAddress, context.address());
        b.dependsOnHealthy(context.upstreamService(), "nginx resolves the Kestra upstream once, when it starts");
        int port = context.address().port();
        if (endsTls()) {
            b.addPort(new ServiceSpec.Port(publishAddress, 80, 80, "tcp"));
            b.addPort(new ServiceSpec.Port(publishAddress, port, 443, "tcp"));
        } else if (tls instanceof Tls.EndedInFront) {
            b.addPort(new ServiceSpec.Port(publishAddress, 80, 80, "tcp"));
        } else {
            b.addPort(new ServiceSpec.Port(publishAddress, port, 80, "tcp"));
        }
        b.addMount(ServiceSpec.Mount.bind("./" + CONF_PATH, CONTAINER_CONF, true));
        certificateFiles(context.address().host()).ifPresent(files -> files.mounts().forEach(b::addMount));
        // The master process is alive (official images keep its pid in /var/run/nginx.pid; Debian's in /run).
        b.healthCheck(new ServiceSpec.HealthCheck(List.of("CMD-SHELL",
                "kill -0 \"$(cat /var/run/nginx.pid 2>/dev/null || cat /run/nginx.pid)\""), "30s", "5s", 3, "10s"));
        return b.build();
    }

    /** {@value #CONF_PATH}, and {@value #CERTBOT_SCRIPT_PATH} (mode 0755) with {@link Tls.Certbot}. */
    @Override
    public List<RenderedFile> files(EdgeContext context) {
        List<RenderedFile> files = new ArrayList<>();
        files.add(RenderedFile.of(CONF_PATH, NginxConfRenderer.render(this, context)));
        if (tls instanceof Tls.Certbot certbot) {
            files.add(new RenderedFile(CERTBOT_SCRIPT_PATH, CertbotScriptRenderer.render(this, certbot, context), 0755));
        }
        return List.copyOf(files);
    }

    @Override
    public String toString() {
        return "NginxEdge[" + serviceName + ", " + image + ", tls=" + tls + ", " + proxy + "]";
    }

    /** Builds an {@link NginxEdge}; every check runs in {@link #build()}. */
    public static final class Builder implements Edge.Builder {
        private String serviceName = "nginx";
        private String image = DEFAULT_IMAGE;
        private String certbotImage = DEFAULT_CERTBOT_IMAGE;
        private @Nullable Tls tls;
        private ProxySettings.Builder proxy = ProxySettings.builder();
        private @Nullable String publishAddress;

        private Builder() {}

        private Builder(NginxEdge e) {
            serviceName = e.serviceName;
            image = e.image.reference();
            certbotImage = e.certbotImage.reference();
            tls = e.tls;
            proxy = e.proxy.toBuilder();
            publishAddress = e.publishAddress;
        }

        /** Compose service name. Defaults to {@code nginx}. */
        public Builder serviceName(String serviceName) {
            this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
            return this;
        }

        /**
         * The nginx image. Defaults to {@value NginxEdge#DEFAULT_IMAGE}. An official {@code nginx} image must be
         * pinned to {@value NginxEdge#MINIMUM_VERSION} or a later 1.x.
         */
        public Builder image(String image) {
            this.image = Objects.requireNonNull(image, "image");
            return this;
        }

        /** The certbot image for {@link Tls.Certbot}. Defaults to {@value NginxEdge#DEFAULT_CERTBOT_IMAGE}. */
        public Builder certbotImage(String image) {
            this.certbotImage = Objects.requireNonNull(image, "image");
            return this;
        }

        /** Where the certificate comes from, or where TLS ends. Required. */
        public Builder tls(Tls tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /** Replaces the reverse-proxy settings. Defaults to {@link ProxySettings#defaults()}. */
        public Builder proxy(ProxySettings settings) {
            this.proxy = Objects.requireNonNull(settings, "settings").toBuilder();
            return this;
        }

        /** Edits the reverse-proxy settings. */
        public Builder proxy(Consumer<ProxySettings.Builder> edit) {
            edit.accept(proxy);
            return this;
        }

        /**
         * Publishes the ports on this host IPv4 address only (for example {@code 127.0.0.1} when the TLS-ending
         * proxy runs on the same host). By default a stack at a loopback address is published on that address, any
         * other on every address.
         */
        public Builder publishAddress(String address) {
            this.publishAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws StackConfigException with every problem: a missing TLS mode; an invalid service name or
         *     publish address; an image that is unpinned or older than nginx {@value NginxEdge#MINIMUM_VERSION};
         *     an invalid certbot email or image; certificate paths that are not plain files in a directory of
         *     their own; any problem of the proxy settings (under {@code proxy}); a response header that an
         *     nginx configuration cannot carry exactly ({@code not-expressible-in-nginx})
         */
        @Override
        public NginxEdge build() {
            Problems p = new Problems();
            Checks.serviceName(p, "serviceName", serviceName);
            ImageRef ref = Checks.image(p, "image", image, false, DEFAULT_IMAGE);
            if (ref != null) {
                EdgeChecks.imageVersion(p, "image", ref, "nginx", 1, 22);
            }
            ImageRef certbotRef = Checks.image(p, "certbotImage", certbotImage, false, DEFAULT_CERTBOT_IMAGE);
            if (certbotRef != null && ShellText.problem(certbotRef.reference()) != null) {
                p.add("certbotImage", "not-expressible-in-shell", "the certbot image reference cannot be a shell word",
                        "use a plain image reference");
            }
            Tls t = tls;
            if (t == null) {
                p.add("tls", "required", "no TLS mode set", "call tls(NginxEdge.Tls.files(certificate, key)),"
                        + " Tls.certbot(), Tls.none() or Tls.endedInFront()");
            } else if (t instanceof Tls.Certbot certbot) {
                certbot.email().ifPresent(email -> {
                    EdgeChecks.email(p, "tls.email", email);
                    if (ShellText.problem(email) != null) {
                        p.add("tls.email", "not-expressible-in-shell", "the email cannot be one shell word",
                                "use a plain email address");
                    }
                });
            } else if (t instanceof Tls.Files files) {
                EdgeChecks.hostFile(p, "tls.certificate", files.certificate());
                EdgeChecks.hostFile(p, "tls.key", files.key());
                if (files.certificate().equals(files.key())) {
                    p.add("tls.key", "key-is-certificate", "the key and the certificate are the same file",
                            "give the private key's own file");
                }
            }
            if (publishAddress != null) {
                EdgeChecks.publishAddress(p, "publishAddress", publishAddress);
            }
            ProxySettings settings = p.collect("proxy", proxy::build);
            if (settings != null) {
                int i = 0;
                for (Map.Entry<String, String> h : settings.responseHeaders().entrySet()) {
                    String path = "proxy." + ProxySettings.headerPath(h.getKey(), i++);
                    String problem = NginxText.problem(h.getKey());
                    if (problem == null) {
                        problem = NginxText.interpolatedProblem(h.getValue());
                    }
                    if (problem != null) {
                        p.add(path, "not-expressible-in-nginx", "the header " + problem, "shorten or change the value");
                    }
                }
            }
            p.throwIfAny();
            return new NginxEdge(this, Objects.requireNonNull(ref), Objects.requireNonNull(certbotRef),
                    Objects.requireNonNull(t), Objects.requireNonNull(settings));
        }
    }
}
