package io.kestrastack.proxy.testing;

import io.kestrastack.ConfigDelivery;
import io.kestrastack.ForwardProxy;
import io.kestrastack.Secret;
import io.kestrastack.Stack;
import io.kestrastack.proxy.CaddyEdge;
import io.kestrastack.proxy.NginxEdge;

/** The example stacks the golden files are rendered from. */
public final class Stacks {

    private Stacks() {}

    /** Production: Caddy with automatic TLS from Let's Encrypt on flows.example.com. */
    public static Stack caddyProduction() {
        return Stack.builder()
                .name("kestra")
                .publicAddress("https://flows.example.com")
                .kestra(k -> k.username("admin@example.com"))
                .edge(CaddyEdge.builder().tls(CaddyEdge.Tls.acme("ops@example.com")))
                .build();
    }

    /** nginx with TLS from certificate files, Kestra under /kestra. */
    public static Stack nginxSubPath() {
        return Stack.builder()
                .name("kestra")
                .publicAddress("https://flows.example.com")
                .contextPath("/kestra")
                .kestra(k -> k.username("admin@example.com"))
                .edge(NginxEdge.builder().tls(NginxEdge.Tls.files("./certs/fullchain.pem", "./certs/privkey.pem")))
                .build();
    }

    /**
     * A network without direct internet access: Kestra reaches api.kestra.io through a forward proxy with
     * credentials, its configuration is a mounted file, and nginx sits behind a TLS-ending load balancer.
     */
    public static Stack forwardProxy() {
        return Stack.builder()
                .name("kestra-corp")
                .publicAddress("https://kestra.corp.example.com")
                .kestra(k -> k.username("admin@example.com")
                        .configDelivery(ConfigDelivery.FILE)
                        .anonymousUsageReport(false)
                        .forwardProxy(ForwardProxy.builder()
                                .host("proxy.corp.example.com")
                                .port(3128)
                                .credentials("kestra", Secret.of("FORWARD_PROXY_PASSWORD", "Corp0rate-Pr0xy"))
                                .build()))
                .edge(NginxEdge.builder().tls(NginxEdge.Tls.endedInFront()).publishAddress("127.0.0.1"))
                .build();
    }
}
