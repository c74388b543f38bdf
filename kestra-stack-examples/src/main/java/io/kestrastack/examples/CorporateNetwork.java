package io.kestrastack.examples;

import io.kestrastack.ForwardProxy;
import io.kestrastack.Secret;
import io.kestrastack.Stack;
import io.kestrastack.bundle.StackBundle;
import io.kestrastack.proxy.CaddyEdge;
import java.nio.file.Path;

/**
 * Example (c): a corporate network. Kestra reaches api.kestra.io only through the company's forward
 * proxy (with credentials), Caddy serves a certificate issued by the internal CA, usage reports are
 * off, and only the internal network may connect.
 */
public final class CorporateNetwork {

    private CorporateNetwork() {}

    /** The stack. The proxy password is generated into {@code .env}; replace it there with the real one. */
    public static Stack stack() {
        return Stack.builder()
                .name("kestra-corp")
                .publicAddress("https://kestra.corp.example")
                .kestra(k -> k.username("kestra-admin@corp.example")
                        .anonymousUsageReport(false)
                        .forwardProxy(ForwardProxy.builder()
                                .host("proxy.corp.example")
                                .port(3128)
                                .credentials("svc-kestra", Secret.generate("FORWARD_PROXY_PASSWORD"))
                                .build()))
                .edge(CaddyEdge.builder()
                        .tls(CaddyEdge.Tls.files("./certs/kestra.corp.example.crt", "./certs/kestra.corp.example.key"))
                        .proxy(proxy -> proxy.addAllowedNetwork("10.0.0.0/8").addAllowedNetwork("192.168.0.0/16")))
                .build();
    }

    /** Writes the bundle to the directory given as the first argument, or {@code ./kestra-corp}. */
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "kestra-corp");
        System.out.print(StackBundle.of(stack()).writeTo(dir).summary());
    }
}
