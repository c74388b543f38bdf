package io.kestrastack.proxy;

import io.kestrastack.Edge;
import io.kestrastack.EdgeContext;
import io.kestrastack.ImageRef;
import io.kestrastack.Scheme;
import io.kestrastack.StackConfigException;
import io.kestrastack.Violation;
import io.kestrastack.internal.Checks;
import io.kestrastack.internal.Problems;
import io.kestrastack.proxy.internal.CaddyText;
import io.kestrastack.proxy.internal.CaddyfileRenderer;
import io.kestrastack.proxy.internal.EdgeChecks;
import io.kestrastack.render.RenderedFile;
import io.kestrastack.render.ServiceSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Caddy in front of Kestra: one site at the stack's public address whose {@code reverse_proxy} goes to
 * the Kestra service, with TLS from a public ACME CA, Caddy's internal CA, or certificate files.
 *
 * <p>The rendered Caddyfile ({@value #CADDYFILE_PATH}) uses only syntax that Caddy {@value #MINIMUM_VERSION}
 * understands (Debian's Caddy is 2.6), and the pinned image must be at least that version. Kestra is served
 * with {@code handle <context-path>*}, which passes the prefix through as Kestra expects, never with
 * {@code handle_path}. Compression only covers {@link ProxySettings#COMPRESSIBLE_TYPES}: Caddy's default
 * {@code encode} matches {@code text/*} and would hold event streams back.
 *
 * <pre>{@code
 * Stack.builder()
 *         .publicAddress("https://flows.example.com")
 *         .kestra(k -> k.username("admin@example.com"))
 *         .edge(CaddyEdge.builder().tls(CaddyEdge.Tls.acme()))
 *         .build();
 * }</pre>
 */
public final class CaddyEdge implements Edge {

    /** The image used when none is set. */
    public static final String DEFAULT_IMAGE = "caddy:2.11.4";
    /** The oldest Caddy release whose Caddyfile parser accepts everything rendered here. */
    public static final String MINIMUM_VERSION = "2.6";
    /** Path of the Caddyfile in the bundle. */
    public static final String CADDYFILE_PATH = "caddy/Caddyfile";
    /** Where the Caddyfile is mounted in the container. */
    public static final String CONTAINER_CADDYFILE = "/etc/caddy/Caddyfile";
    /** Where certificate files are mounted in the container. */
    public static final String CONTAINER_CERTIFICATES = "/etc/caddy/certs";

    /** Where the site's certificate comes from. */
    public sealed interface Tls permits Tls.Acme, Tls.Internal, Tls.Files, Tls.None {

        /**
         * Certificates from a public ACME CA (Let's Encrypt, with ZeroSSL as fallback), renewed by Caddy, with no
         * contact address: Caddy needs none, and Let's Encrypt stopped sending expiry emails in 2025. The public
         * address must be a public DNS name pointing to this host, with ports 80 and 443 reachable.
         */
        static Tls acme() {
            return new Acme(Optional.empty());
        }

        /**
         * Like {@link #acme()}, with a contact address for the ACME account (the CA may use it for notices about
         * the account or its certificates), rendered as the global {@code email} option.
         */
        static Tls acme(String email) {
            return new Acme(Optional.of(email));
        }

        /** Certificates from Caddy's own local CA ({@code tls internal}): for local and test hosts. */
        static Tls internal() {
            return new Internal();
        }

        /**
         * A certificate and key from files on the host, relative to the bundle ({@code ./certs/fullchain.pem})
         * or absolute. Their directories are mounted read-only; reload Caddy after replacing them.
         */
        static Tls files(String certificate, String key) {
            return new Files(certificate, key);
        }

        /** No TLS: plain HTTP, for a public address with the {@code http} scheme. */
        static Tls none() {
            return new None();
        }

        /** A public ACME CA. @param email the account's contact address, if any */
        record Acme(Optional<String> email) implements Tls {
            public Acme {
                Objects.requireNonNull(email, "email");
            }
        }

        /** Caddy's internal CA. */
        record Internal() implements Tls {}

        /**
         * Certificate files. @param certificate the certificate chain on the host @param key the private key on
         * the host
         */
        record Files(String certificate, String key) implements Tls {
            public Files {
                Objects.requireNonNull(certificate, "certificate");
                Objects.requireNonNull(key, "key");
            }
        }

        /** Plain HTTP. */
        record None() implements Tls {}
    }

    private final String serviceName;
    private final ImageRef image;
    private final Tls tls;
    private final ProxySettings proxy;
    private final boolean http3;
    private final String dataVolume;
    private final String configVolume;
    private final @Nullable String publishAddress;

    private CaddyEdge(Builder b, ImageRef image, Tls tls, ProxySettings proxy) {
        this.serviceName = b.serviceName;
        this.image = image;
        this.tls = tls;
        this.proxy = proxy;
        this.http3 = b.http3;
        this.dataVolume = b.dataVolume;
        this.configVolume = b.configVolume;
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
    public boolean publiclyTrusted() {
        return tls instanceof Tls.Acme;
    }

    /**
     * True with {@code tls internal}: Caddy's local CA signs the certificate; the certificates it issues live 12 hours
     * and Caddy renews them itself (read off Caddy 2.6.2 here: leaf 12 h, intermediate 7 days, root 10 years).
     */
    @Override
    public boolean signsOwnCertificate() {
        return tls instanceof Tls.Internal;
    }

    @Override
    public String kind() {
        return "caddy";
    }

    @Override
    public String serviceName() {
        return serviceName;
    }

    /** The pinned Caddy image. */
    public ImageRef image() {
        return image;
    }

    /** Where the certificate comes from. */
    public Tls tls() {
        return tls;
    }

    /** The reverse-proxy behaviour. */
    public ProxySettings proxy() {
        return proxy;
    }

    /** Whether HTTP/3 (QUIC on UDP) is offered and its UDP port published. */
    public boolean http3() {
        return http3;
    }

    /** Named volume for Caddy's {@code /data} (certificates, ACME account, local CA). */
    public String dataVolume() {
        return dataVolume;
    }

    /** Named volume for Caddy's {@code /config}. */
    public String configVolume() {
        return configVolume;
    }

    /**
     * The host address the ports are published on, if set; when unset, a stack at a loopback address is
     * published on that address only, any other on every address.
     */
    public Optional<String> publishAddress() {
        return Optional.ofNullable(publishAddress);
    }

    /** Where the certificate files appear in the container, for {@link Tls.Files}. */
    public Optional<CertificateFiles> certificateFiles() {
        return tls instanceof Tls.Files f
                ? Optional.of(CertificateFiles.of(f.certificate(), f.key(), CONTAINER_CERTIFICATES))
                : Optional.empty();
    }

    /**
     * Checks the edge against the stack: the TLS mode must suit the public address's scheme and host
     * ({@code tls-needs-https-address}, {@code plain-http-needs-http-address}, {@code acme-needs-public-name}),
     * and the port must suit the scheme ({@code port-scheme-mismatch}).
     */
    @Override
    public List<Violation> check(EdgeContext context) {
        Problems p = new Problems();
        Scheme scheme = context.address().scheme();
        if (scheme == Scheme.HTTP && !(tls instanceof Tls.None)) {
            p.add("tls", "tls-needs-https-address", "the site is configured for TLS but the public address "
                    + context.address().origin() + " is plain http", "make the public address https://..., or use"
                    + " CaddyEdge.Tls.none()");
        }
        if (scheme == Scheme.HTTPS && tls instanceof Tls.None) {
            p.add("tls", "plain-http-needs-http-address", "Tls.none() serves plain HTTP but the public address "
                    + context.address().origin() + " is https", "choose Tls.acme(...), Tls.internal() or"
                    + " Tls.files(...), or make the public address http://...");
        }
        if (tls instanceof Tls.Acme) {
            EdgeChecks.acmeHost(p, "tls", context.address());
        }
        EdgeChecks.portMatchesScheme(p, "ports", context.address());
        return p.violations();
    }

    /**
     * The Caddy service: the public port (and its UDP twin for HTTP/3) and, for https, port 80 for ACME and
     * redirects; the Caddyfile mounted read-only; named volumes for {@code /data} and {@code /config};
     * certificate directories mounted read-only.
     */
    @Override
    public ServiceSpec service(EdgeContext context) {
        ServiceSpec.Builder b = ServiceSpec.builder(serviceName, image);
        String publishAddress = EdgeChecks.publishAddress(this.publishAddress, context.address());
        int port = context.address().port();
        if (context.address().scheme() == Scheme.HTTPS) {
            if (port != 80) {
                b.addPort(new ServiceSpec.Port(publishAddress, 80, 80, "tcp"));
            }
            b.addPort(new ServiceSpec.Port(publishAddress, port, port, "tcp"));
            if (http3) {
                b.addPort(new ServiceSpec.Port(publishAddress, port, port, "udp"));
            }
        } else {
            b.addPort(new ServiceSpec.Port(publishAddress, port, port, "tcp"));
        }
        b.addMount(ServiceSpec.Mount.bind("./" + CADDYFILE_PATH, CONTAINER_CADDYFILE, true));
        b.addMount(ServiceSpec.Mount.volume(dataVolume, "/data"));
        b.addMount(ServiceSpec.Mount.volume(configVolume, "/config"));
        certificateFiles().ifPresent(files -> files.mounts().forEach(b::addMount));
        // Caddy's admin API answers on localhost:2019 once the configuration is loaded; the image has busybox wget.
        b.healthCheck(new ServiceSpec.HealthCheck(
                List.of("CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:2019/config/"), "30s", "5s", 3, "10s"));
        return b.build();
    }

    /** The Caddyfile, at {@value #CADDYFILE_PATH}. */
    @Override
    public List<RenderedFile> files(EdgeContext context) {
        return List.of(RenderedFile.of(CADDYFILE_PATH, CaddyfileRenderer.render(this, context)));
    }

    @Override
    public String toString() {
        return "CaddyEdge[" + serviceName + ", " + image + ", tls=" + tls + ", " + proxy + "]";
    }

    /** Builds a {@link CaddyEdge}; every check runs in {@link #build()}. */
    public static final class Builder implements Edge.Builder {
        private String serviceName = "caddy";
        private String image = DEFAULT_IMAGE;
        private @Nullable Tls tls;
        private ProxySettings.Builder proxy = ProxySettings.builder();
        private boolean http3 = true;
        private String dataVolume = "caddy-data";
        private String configVolume = "caddy-config";
        private @Nullable String publishAddress;

        private Builder() {}

        private Builder(CaddyEdge e) {
            serviceName = e.serviceName;
            image = e.image.reference();
            tls = e.tls;
            proxy = e.proxy.toBuilder();
            http3 = e.http3;
            dataVolume = e.dataVolume;
            configVolume = e.configVolume;
            publishAddress = e.publishAddress;
        }

        /** Compose service name. Defaults to {@code caddy}. */
        public Builder serviceName(String serviceName) {
            this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
            return this;
        }

        /**
         * The Caddy image. Defaults to {@value CaddyEdge#DEFAULT_IMAGE}. An official {@code caddy} image must be
         * pinned to {@value CaddyEdge#MINIMUM_VERSION} or a later 2.x.
         */
        public Builder image(String image) {
            this.image = Objects.requireNonNull(image, "image");
            return this;
        }

        /** Where the certificate comes from. Required. */
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

        /** Offers HTTP/3 and publishes the public port over UDP too. On by default (https only). */
        public Builder http3(boolean enabled) {
            this.http3 = enabled;
            return this;
        }

        /** Volume for {@code /data}, which holds certificates and keys: back it up. Defaults to {@code caddy-data}. */
        public Builder dataVolume(String volume) {
            this.dataVolume = Objects.requireNonNull(volume, "volume");
            return this;
        }

        /** Volume for {@code /config}. Defaults to {@code caddy-config}. */
        public Builder configVolume(String volume) {
            this.configVolume = Objects.requireNonNull(volume, "volume");
            return this;
        }

        /**
         * Publishes the ports on this host IPv4 address only (for example {@code 127.0.0.1}). By default a stack
         * at a loopback address is published on that address, any other on every address.
         */
        public Builder publishAddress(String address) {
            this.publishAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws StackConfigException with every problem: a missing TLS mode; an invalid service name,
         *     volume name or publish address; an image that is unpinned or older than Caddy
         *     {@value CaddyEdge#MINIMUM_VERSION}; an invalid ACME email; certificate paths that are not plain
         *     files in a directory of their own; any problem of the proxy settings (under {@code proxy}); a
         *     response header that a Caddyfile cannot carry exactly ({@code not-expressible-in-caddyfile})
         */
        @Override
        public CaddyEdge build() {
            Problems p = new Problems();
            Checks.serviceName(p, "serviceName", serviceName);
            ImageRef ref = Checks.image(p, "image", image, false, DEFAULT_IMAGE);
            if (ref != null) {
                EdgeChecks.imageVersion(p, "image", ref, "caddy", 2, 6);
            }
            Tls t = tls;
            if (t == null) {
                p.add("tls", "required", "no TLS mode set", "call tls(CaddyEdge.Tls.acme()),"
                        + " Tls.internal(), Tls.files(certificate, key) or Tls.none()");
            } else if (t instanceof Tls.Acme acme) {
                acme.email().ifPresent(email -> {
                    EdgeChecks.email(p, "tls.email", email);
                    syntax(p, "tls.email", CaddyText.problem(email));
                });
            } else if (t instanceof Tls.Files files) {
                EdgeChecks.hostFile(p, "tls.certificate", files.certificate());
                EdgeChecks.hostFile(p, "tls.key", files.key());
                if (files.certificate().equals(files.key())) {
                    p.add("tls.key", "key-is-certificate", "the key and the certificate are the same file",
                            "give the private key's own file");
                }
            }
            Checks.volumeName(p, "dataVolume", dataVolume);
            Checks.volumeName(p, "configVolume", configVolume);
            if (dataVolume.equals(configVolume)) {
                p.add("configVolume", "duplicate-volume", "/data and /config would share one volume",
                        "give each its own volume");
            }
            if (publishAddress != null) {
                EdgeChecks.publishAddress(p, "publishAddress", publishAddress);
            }
            ProxySettings settings = p.collect("proxy", proxy::build);
            if (settings != null) {
                int i = 0;
                for (Map.Entry<String, String> h : settings.responseHeaders().entrySet()) {
                    String path = "proxy." + ProxySettings.headerPath(h.getKey(), i++);
                    syntax(p, path, CaddyText.headerFieldProblem(h.getKey()));
                    syntax(p, path, CaddyText.problem(h.getValue()));
                }
            }
            p.throwIfAny();
            return new CaddyEdge(this, Objects.requireNonNull(ref), Objects.requireNonNull(t),
                    Objects.requireNonNull(settings));
        }

        private static void syntax(Problems p, String path, @Nullable String problem) {
            if (problem != null) {
                p.add(path, "not-expressible-in-caddyfile", "the value " + problem, "remove the character or use"
                        + " another value");
            }
        }
    }
}
