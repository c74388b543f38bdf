package io.kestrastack.examples;

import io.kestrastack.Stack;
import io.kestrastack.bundle.StackBundle;
import io.kestrastack.proxy.NginxEdge;
import java.nio.file.Path;

/**
 * Example (b): nginx ends TLS with certificate files and serves Kestra under
 * {@code https://ops.example.com/kestra/}, passing the prefix through unchanged.
 */
public final class NginxSubPath {

    private NginxSubPath() {}

    /** The stack. The certificate and key are expected in {@code ./certs} of the bundle directory. */
    public static Stack stack() {
        return Stack.builder()
                .name("ops-kestra")
                .publicAddress("https://ops.example.com")
                .contextPath("/kestra")
                .kestra(k -> k.username("platform@example.com").workerThreads(16).jvmOptions("-Xmx2g"))
                .postgres(p -> p.maxConnections(50))
                .edge(NginxEdge.builder()
                        .tls(NginxEdge.Tls.files("./certs/fullchain.pem", "./certs/privkey.pem"))
                        .proxy(proxy -> proxy.maxBodySize("200m")))
                .build();
    }

    /** Writes the bundle to the directory given as the first argument, or {@code ./ops-kestra}. */
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "ops-kestra");
        System.out.print(StackBundle.of(stack()).writeTo(dir).summary());
    }
}
