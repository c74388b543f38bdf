package io.kestrastack.testing;

import io.kestrastack.Edge;
import io.kestrastack.EdgeContext;
import io.kestrastack.ImageRef;
import io.kestrastack.Secret;
import io.kestrastack.StackConfigException;
import io.kestrastack.Violation;
import io.kestrastack.render.RenderedFile;
import io.kestrastack.render.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A minimal {@link Edge} for tests of the stack's relations: it publishes port 443, proxies nothing, renders
 * one small file, and reports whatever violations it is told to.
 */
public final class FakeEdge implements Edge {

    private final String serviceName;
    private final Function<EdgeContext, List<Violation>> checks;
    private final List<Secret> secrets;
    private final boolean ownCertificate;

    private FakeEdge(String serviceName, Function<EdgeContext, List<Violation>> checks, List<Secret> secrets) {
        this(serviceName, checks, secrets, false);
    }

    private FakeEdge(String serviceName, Function<EdgeContext, List<Violation>> checks, List<Secret> secrets,
            boolean ownCertificate) {
        this.serviceName = serviceName;
        this.checks = checks;
        this.secrets = List.copyOf(secrets);
        this.ownCertificate = ownCertificate;
    }

    /** This edge, signing its certificate with a CA of its own (as Caddy's {@code tls internal}). */
    public FakeEdge withOwnCertificate() {
        return new FakeEdge(serviceName, checks, secrets, true);
    }

    @Override
    public boolean signsOwnCertificate() {
        return ownCertificate;
    }

    /** An edge called {@code edge} that finds nothing wrong. */
    public static FakeEdge ok() {
        return new FakeEdge("edge", c -> List.of(), List.of());
    }

    /** This edge under another service name. */
    public FakeEdge withServiceName(String name) {
        return new FakeEdge(name, checks, secrets);
    }

    /** This edge, reporting what {@code check} returns for the context it is given. */
    public FakeEdge withChecks(Function<EdgeContext, List<Violation>> check) {
        return new FakeEdge(serviceName, check, secrets);
    }

    /** This edge, also needing {@code secret} in {@code .env}. */
    public FakeEdge withSecret(Secret secret) {
        List<Secret> all = new ArrayList<>(secrets);
        all.add(secret);
        return new FakeEdge(serviceName, checks, all);
    }

    /** A builder whose {@code build()} fails with the given violations (paths relative to the edge). */
    public static Edge.Builder failingBuilder(Violation... violations) {
        return () -> {
            throw new StackConfigException(List.of(violations));
        };
    }

    @Override
    public String kind() {
        return "fake";
    }

    @Override
    public String serviceName() {
        return serviceName;
    }

    @Override
    public List<Violation> check(EdgeContext context) {
        return checks.apply(context);
    }

    @Override
    public ServiceSpec service(EdgeContext context) {
        ServiceSpec.Builder b = ServiceSpec.builder(serviceName, ImageRef.parse("example.org/fake-edge:1.0"))
                .dependsOnHealthy(context.upstreamService(), "the edge proxies to Kestra")
                .addPort(ServiceSpec.Port.tcp(443, 443));
        for (Secret s : secrets) {
            b.putSecret(s.variable(), s, "Secret of the fake edge.");
        }
        return b.build();
    }

    @Override
    public List<RenderedFile> files(EdgeContext context) {
        return List.of(RenderedFile.of("edge/upstream.txt", context.upstream() + " " + context.kestraUrl() + "\n"));
    }

    @Override
    public List<Secret> secrets() {
        return secrets;
    }
}
