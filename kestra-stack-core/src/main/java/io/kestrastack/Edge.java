package io.kestrastack;

import io.kestrastack.render.RenderedFile;
import io.kestrastack.render.ServiceSpec;
import java.util.List;

/**
 * The reverse proxy in front of Kestra that ends TLS. Implemented by the proxy module's
 * {@code CaddyEdge} and {@code NginxEdge}.
 *
 * <p>An edge never repeats what the stack already knows: its host, path and upstream come from the
 * {@link EdgeContext} the stack hands it, so they cannot disagree.
 */
public interface Edge {

    /** A short name for the kind of edge, such as {@code caddy} or {@code nginx}. */
    String kind();

    /** Compose service name of the edge. */
    String serviceName();

    /**
     * Checks this edge against the stack it serves. Paths in the returned violations are relative to
     * the edge; {@link Stack.Builder#build()} puts them under {@code edge}.
     */
    List<Violation> check(EdgeContext context);

    /** The edge's Compose service. */
    ServiceSpec service(EdgeContext context);

    /** The edge's configuration files (relative paths in the bundle), in a stable order. */
    List<RenderedFile> files(EdgeContext context);

    /**
     * Whether the edge's certificate comes from a public CA (ACME), so that a client with the usual trust
     * store, such as a task inside the Kestra container, accepts it. False by default.
     */
    default boolean publiclyTrusted() {
        return false;
    }

    /**
     * Whether the edge signs its certificate with a CA of its own (Caddy's {@code tls internal}), which no client
     * trusts unless told and which reissues certificates every few hours. False by default: the certificate comes
     * from a public CA or is a file the operator provides.
     */
    default boolean signsOwnCertificate() {
        return false;
    }

    /**
     * Commands to run on the Docker host, in the bundle directory, before the first
     * {@code docker compose up}, such as obtaining a certificate the edge's configuration names; none by
     * default. Each is one shell command line.
     */
    default List<String> beforeFirstStart(EdgeContext context) {
        return List.of();
    }

    /** Secrets the edge needs in {@code .env}; none by default. */
    default List<Secret> secrets() {
        return List.of();
    }

    /** Something that builds an {@link Edge}, so that the stack can report its problems with its own. */
    interface Builder {
        /**
         * Validates and builds the edge.
         *
         * @throws StackConfigException with every problem found
         */
        Edge build();
    }
}
