package io.kestrastack;

import java.util.Objects;

/**
 * What a stack tells its edge: the public address and context path users reach, and the Kestra
 * upstream to proxy to.
 *
 * @param projectName Compose project name
 * @param address the public scheme, host and port
 * @param contextPath the path Kestra is served under, passed through unchanged
 * @param upstreamService Kestra's Compose service name
 * @param upstreamPort Kestra's HTTP port in its container
 * @param line the targeted Kestra release line
 */
public record EdgeContext(String projectName, PublicAddress address, ContextPath contextPath, String upstreamService,
        int upstreamPort, KestraLine line) {

    public EdgeContext {
        Objects.requireNonNull(projectName, "projectName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(contextPath, "contextPath");
        Objects.requireNonNull(upstreamService, "upstreamService");
        Objects.requireNonNull(line, "line");
    }

    /** {@code service:port}, the address of Kestra inside the Compose network. */
    public String upstream() {
        return upstreamService + ":" + upstreamPort;
    }

    /** Kestra's public base URL, with exactly one trailing slash. */
    public String kestraUrl() {
        return address.url(contextPath);
    }
}
