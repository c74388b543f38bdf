package io.kestrastack.proxy.internal;

import io.kestrastack.EdgeContext;
import io.kestrastack.PublicAddress;
import io.kestrastack.internal.BlockWriter;
import io.kestrastack.proxy.CertificateFiles;
import io.kestrastack.proxy.NginxEdge;
import io.kestrastack.proxy.ProxySettings;
import java.util.Map;

/**
 * Renders the complete {@code nginx.conf} of an {@link NginxEdge}: main and {@code events} settings, then
 * in {@code http}: access log, compression, the {@code $connection_upgrade} map, the redirecting server on
 * port 80 (with the ACME challenge location for certbot) and the server that proxies Kestra, with HTTP/2
 * in the form the image's nginx version expects ({@link NginxEdge#http2Directive()}).
 */
public final class NginxConfRenderer {

    /** Ciphers for TLS 1.2 (TLS 1.3 suites are not configurable here): ECDHE with AEAD only. */
    public static final String TLS12_CIPHERS = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
            + "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
            + "ECDHE-RSA-CHACHA20-POLY1305";

    private NginxConfRenderer() {}

    /** The configuration text. */
    public static String render(NginxEdge edge, EdgeContext context) {
        BlockWriter w = new BlockWriter("    ");
        PublicAddress address = context.address();
        ProxySettings proxy = edge.proxy();
        Map<String, String> headers = proxy.headersFor(address);

        w.line(NginxText.comment("nginx configuration of the Compose project " + context.projectName()
                + ", rendered by kestra-stack."));
        w.line(NginxText.comment("Serves Kestra at " + context.kestraUrl() + " from " + context.upstream()
                + ". Needs nginx " + NginxEdge.MINIMUM_VERSION + " or later."));
        w.blank();
        w.line("worker_processes auto;");
        w.line("error_log stderr warn;");
        w.blank();
        w.open("events");
        w.line("worker_connections 4096;");
        w.close();
        w.blank();

        w.open("http");
        w.line("server_tokens off;");
        w.line(proxy.accessLog() ? "access_log /dev/stdout;" : "access_log off;");
        if (proxy.compression()) {
            w.line("gzip on;");
            w.line("gzip_vary on;");
            w.line("gzip_proxied any;");
            w.line("gzip_min_length 1024;");
            StringBuilder types = new StringBuilder("gzip_types");
            for (String type : ProxySettings.COMPRESSIBLE_TYPES) {
                if (!type.equals("text/html")) { // nginx always compresses text/html and warns when it is listed
                    types.append(' ').append(NginxText.argument(type));
                }
            }
            w.line(types.append(';').toString());
        }
        w.blank();
        w.open("map $http_upgrade $connection_upgrade");
        w.line("default upgrade;");
        w.line("\"\" close;");
        w.close();
        if (headers.values().stream().anyMatch(NginxText::needsDollar)) {
            w.open(NginxText.DOLLAR_DEFINITION);
            w.line("default \"$\";");
            w.close();
        }
        w.blank();

        String serverName = NginxText.argument(address.host());
        if (edge.endsTls()) {
            w.open("server");
            w.line("listen 80;");
            w.line("server_name " + serverName + ";");
            if (edge.tls() instanceof NginxEdge.Tls.Certbot) {
                w.open("location /.well-known/acme-challenge/");
                w.line("root " + NginxText.argument(NginxEdge.CONTAINER_WEBROOT) + ";");
                w.close();
            }
            w.open("location /");
            w.line("return 301 " + NginxText.argument(address.origin()) + "$request_uri;");
            w.close();
            w.close();
            w.blank();
        }

        w.open("server");
        if (edge.endsTls()) {
            CertificateFiles files = edge.certificateFiles(address.host()).orElseThrow();
            if (edge.http2Directive()) {
                w.line("listen 443 ssl;");
                w.line("http2 on;");
            } else {
                w.line("listen 443 ssl http2;");
            }
            w.line("server_name " + serverName + ";");
            w.blank();
            w.line("ssl_certificate " + NginxText.argument(files.certificatePath()) + ";");
            w.line("ssl_certificate_key " + NginxText.argument(files.keyPath()) + ";");
            w.line("ssl_protocols TLSv1.2 TLSv1.3;");
            w.line("ssl_ciphers " + TLS12_CIPHERS + ";");
            w.line("ssl_prefer_server_ciphers off;");
            w.line("ssl_session_cache shared:SSL:10m;");
            w.line("ssl_session_timeout 1d;");
            w.line("ssl_session_tickets off;");
        } else {
            w.line("listen 80;");
            w.line("server_name " + serverName + ";");
        }
        w.blank();
        w.line("absolute_redirect off;");
        w.line("client_max_body_size " + NginxText.number(proxy.maxBodyMegabytes()) + "m;");
        if (!proxy.allowedNetworks().isEmpty()) {
            for (String network : proxy.allowedNetworks()) {
                w.line("allow " + NginxText.argument(network) + ";");
            }
            w.line("deny all;");
        }
        if (!headers.isEmpty()) {
            w.blank();
            for (String name : headers.keySet()) {
                w.line("proxy_hide_header " + NginxText.argument(name) + ";");
            }
            headers.forEach((name, value) ->
                    w.line("add_header " + NginxText.argument(name) + " " + NginxText.interpolated(value) + " always;"));
        }
        w.blank();

        String path = context.contextPath().value();
        if (!context.contextPath().isRoot()) {
            w.open("location = " + NginxText.argument(path));
            w.line("return 301 " + NginxText.argument(context.contextPath().withTrailingSlash()) + "$is_args$args;");
            w.close();
        }
        w.open("location " + NginxText.argument(context.contextPath().withTrailingSlash()));
        w.line("proxy_pass " + NginxText.argument("http://" + context.upstream()) + ";");
        w.line("proxy_http_version 1.1;");
        w.line("proxy_buffering off;");
        w.line("proxy_cache off;");
        w.line("proxy_read_timeout " + NginxText.number(proxy.readTimeout().toSeconds()) + "s;");
        w.line("proxy_send_timeout " + NginxText.number(proxy.sendTimeout().toSeconds()) + "s;");
        String host = address.defaultPort() ? "$host" : "$host:" + NginxText.number(address.port());
        w.line("proxy_set_header Host " + host + ";");
        w.line("proxy_set_header X-Real-IP $remote_addr;");
        w.line("proxy_set_header X-Forwarded-For "
                + (edge.tls() instanceof NginxEdge.Tls.EndedInFront ? "$proxy_add_x_forwarded_for" : "$remote_addr")
                + ";");
        w.line("proxy_set_header X-Forwarded-Proto " + NginxText.argument(address.scheme().text()) + ";");
        w.line("proxy_set_header X-Forwarded-Host " + host + ";");
        w.line("proxy_set_header Upgrade $http_upgrade;");
        w.line("proxy_set_header Connection $connection_upgrade;");
        w.close();
        if (!context.contextPath().isRoot()) {
            w.open("location /");
            w.line("return 404;");
            w.close();
        }
        w.close();
        w.close();
        return w.finish();
    }
}
