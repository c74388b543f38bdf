package io.kestrastack.proxy.internal;

import io.kestrastack.EdgeContext;
import io.kestrastack.PublicAddress;
import io.kestrastack.Scheme;
import io.kestrastack.internal.BlockWriter;
import io.kestrastack.proxy.CaddyEdge;
import io.kestrastack.proxy.CertificateFiles;
import io.kestrastack.proxy.ProxySettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders the Caddyfile of a {@link CaddyEdge}: optional global options (ACME contact, no trust-store
 * install for the internal CA, HTTP/3 off), then one site. Inside the site, in this order: TLS, access log,
 * response headers (deferred, so they replace Kestra's own), the request-body limit, compression limited
 * to {@link ProxySettings#COMPRESSIBLE_TYPES} and kept off Kestra's event-stream paths entirely (Caddy's
 * {@code encode} otherwise holds a stream's headers back until its first event, caddy issue 6293), the
 * allow-list matcher, and the {@code handle} that proxies
 * the context path to Kestra without buffering. Caddy sorts directives itself; the order here is the one
 * it runs them in. The text is exactly what {@code caddy fmt} prints for it (tabs, no blank line before a
 * block that opens a line), so Caddy does not warn that the input is not formatted.
 */
public final class CaddyfileRenderer {

    /** Name of the matcher for requests that are not event streams. */
    public static final String COMPRESSIBLE_MATCHER = "@compressible";
    /** Name of the matcher for clients outside the allow-list. */
    public static final String DENIED_MATCHER = "@denied";

    private CaddyfileRenderer() {}

    /** The Caddyfile text. */
    public static String render(CaddyEdge edge, EdgeContext context) {
        BlockWriter w = new BlockWriter("\t");
        PublicAddress address = context.address();
        ProxySettings proxy = edge.proxy();
        w.line(CaddyText.comment("Caddy configuration of the Compose project " + context.projectName()
                + ", rendered by kestra-stack."));
        w.line(CaddyText.comment("Serves Kestra at " + context.kestraUrl() + " from " + context.upstream()
                + ". Needs Caddy " + CaddyEdge.MINIMUM_VERSION + " or later."));
        // No blank line here: `caddy fmt` drops blank lines before a block that opens a line (the global
        // options), and Caddy warns at every start when the file differs from `caddy fmt` (caddyfile/formatter.go).

        List<String> global = new ArrayList<>();
        if (edge.tls() instanceof CaddyEdge.Tls.Acme acme) {
            // The account's contact is optional: Caddy registers an ACME account without one.
            acme.email().ifPresent(email -> global.add("email " + CaddyText.token(email)));
        }
        if (edge.tls() instanceof CaddyEdge.Tls.Internal) {
            global.add("skip_install_trust");
        }
        boolean noHttp3 = !edge.http3() && address.scheme() == Scheme.HTTPS;
        if (!global.isEmpty() || noHttp3) {
            w.open("");
            global.forEach(w::line);
            if (noHttp3) {
                w.open("servers");
                w.line("protocols h1 h2");
                w.close();
            }
            w.close();
            w.blank();
        }

        w.open(CaddyText.token(siteAddress(address)));
        if (edge.tls() instanceof CaddyEdge.Tls.Internal) {
            w.line("tls internal");
        } else if (edge.tls() instanceof CaddyEdge.Tls.Files) {
            CertificateFiles files = edge.certificateFiles().orElseThrow();
            w.line("tls " + CaddyText.token(files.certificatePath()) + " " + CaddyText.token(files.keyPath()));
        }
        if (proxy.accessLog()) {
            w.line("log");
        }
        Map<String, String> headers = proxy.headersFor(address);
        if (!headers.isEmpty()) {
            w.open("header");
            w.line("defer");
            headers.forEach((name, value) -> w.line(CaddyText.headerField(name) + " " + CaddyText.token(value)));
            w.close();
        }
        w.open("request_body");
        w.line("max_size " + CaddyText.number(proxy.maxBodyMegabytes()) + "MiB");
        w.close();
        if (proxy.compression()) {
            StringBuilder compressible = new StringBuilder(COMPRESSIBLE_MATCHER + " not path");
            for (String suffix : ProxySettings.EVENT_STREAM_PATH_SUFFIXES) {
                compressible.append(' ').append(CaddyText.token("*" + suffix));
            }
            w.line(compressible.toString());
            w.open("encode " + COMPRESSIBLE_MATCHER + " zstd gzip");
            w.open("match");
            for (String type : ProxySettings.COMPRESSIBLE_TYPES) {
                w.line("header Content-Type " + CaddyText.token(type + "*"));
            }
            w.close();
            w.close();
        }
        if (!proxy.allowedNetworks().isEmpty()) {
            StringBuilder matcher = new StringBuilder(DENIED_MATCHER + " not remote_ip");
            for (String network : proxy.allowedNetworks()) {
                matcher.append(' ').append(CaddyText.token(network));
            }
            w.line(matcher.toString());
        }
        w.blank();
        w.open("handle " + CaddyText.token(context.contextPath().value() + "*"));
        if (!proxy.allowedNetworks().isEmpty()) {
            w.line("respond " + DENIED_MATCHER + " 403");
        }
        w.open("reverse_proxy " + CaddyText.token(context.upstream()));
        w.line("flush_interval -1");
        w.open("transport http");
        w.line("read_timeout " + CaddyText.number(proxy.readTimeout().toSeconds()) + "s");
        w.line("write_timeout " + CaddyText.number(proxy.sendTimeout().toSeconds()) + "s");
        w.close();
        w.close();
        w.close();
        if (!context.contextPath().isRoot()) {
            w.open("handle");
            w.line("respond 404");
            w.close();
        }
        w.close();
        return w.finish();
    }

    /**
     * The site address: {@code host} for https on 443, {@code host:port} for https on another port, and
     * {@code http://host[:port]} for plain HTTP.
     */
    public static String siteAddress(PublicAddress address) {
        String hostPort = address.host() + (address.defaultPort() ? "" : ":" + address.port());
        return address.scheme() == Scheme.HTTPS ? hostPort : "http://" + hostPort;
    }
}
