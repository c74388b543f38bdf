package io.kestrastack.examples;

import io.kestrastack.Stack;
import io.kestrastack.bundle.StackBundle;
import io.kestrastack.proxy.CaddyEdge;
import java.nio.file.Path;

/**
 * Example (a): one host, Caddy in front with automatic TLS from Let's Encrypt, Kestra at the root of
 * {@code https://flows.example.com/}.
 */
public final class SingleHostCaddy {

    private SingleHostCaddy() {}

    /** The stack. Secrets are generated; regenerating over an existing directory keeps them. */
    public static Stack stack() {
        return Stack.builder()
                .name("flows")
                .publicAddress("https://flows.example.com")
                .kestra(k -> k.username("admin@example.com").anonymousUsageReport(false))
                .edge(CaddyEdge.builder().tls(CaddyEdge.Tls.acme("ops@example.com")))
                .build();
    }

    /** Writes the bundle to the directory given as the first argument, or {@code ./flows-stack}. */
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "flows-stack");
        System.out.print(StackBundle.of(stack()).writeTo(dir).summary());
    }
}
