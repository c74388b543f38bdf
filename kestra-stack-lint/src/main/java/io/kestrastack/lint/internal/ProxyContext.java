package io.kestrastack.lint.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the edge proxy checks know about Kestra: the host names Kestra is reached by (unknown when no
 * Compose file was linted: then every proxied location is taken to serve Kestra), and the path Kestra
 * serves under and users reach it at, when every linted Kestra configuration agrees on them.
 *
 * @param kestraHosts lower-case host names of the Kestra services, or null when unknown
 * @param contextPath micronaut.server.context-path normalised ({@code /} or {@code /kestra}), if known
 * @param publicPath the path of kestra.url with one trailing slash, if known
 */
public record ProxyContext(@Nullable Set<String> kestraHosts, Optional<String> contextPath, Optional<String> publicPath,
        Set<Integer> kestraHostPorts, List<PublicUrl> publicUrls) {

    /**
     * A kestra.url and where it is written.
     *
     * @param host its host, lower-case
     * @param at where it is written
     */
    public record PublicUrl(String host, Report.Located at) {}

    /** A context without published ports or public URLs. */
    public ProxyContext(@Nullable Set<String> kestraHosts, Optional<String> contextPath, Optional<String> publicPath) {
        this(kestraHosts, contextPath, publicPath, Set.of(), List.of());
    }

    /** Builds the context from the Kestra hosts of the Compose files and the linted Kestra servers. */
    static ProxyContext of(@Nullable List<String> hosts, List<KestraUnit> units) {
        return of(hosts, units, Set.of());
    }

    /**
     * Builds the context from the Kestra hosts of the Compose files, the host ports the Kestra services
     * publish (a host-installed proxy reaches them as localhost:port) and the linted Kestra servers.
     */
    static ProxyContext of(@Nullable List<String> hosts, List<KestraUnit> units, Set<Integer> hostPorts) {
        List<PublicUrl> urls = new java.util.ArrayList<>();
        for (KestraUnit u : units) {
            u.setting("kestra.url").ifPresent(s -> {
                String v = u.resolve(s.value());
                if (v != null) {
                    try {
                        URI uri = new URI(v.strip());
                        if (uri.getHost() != null) {
                            urls.add(new PublicUrl(uri.getHost().toLowerCase(Locale.ROOT), s.at()));
                        }
                    } catch (URISyntaxException e) {
                        // not a URL: other rules say so
                    }
                }
            });
        }
        ProxyContext base = ofUnits(hosts, units);
        return new ProxyContext(base.kestraHosts(), base.contextPath(), base.publicPath(), Set.copyOf(hostPorts),
                List.copyOf(urls));
    }

    private static ProxyContext ofUnits(@Nullable List<String> hosts, List<KestraUnit> units) {
        Set<String> contexts = new LinkedHashSet<>();
        Set<String> publics = new LinkedHashSet<>();
        for (KestraUnit u : units) {
            if (!u.configured()) {
                continue;
            }
            Optional<KestraUnit.Setting> cp = u.setting("micronaut.server.context-path");
            String context = cp.isPresent() ? normalizePath(u.resolve(cp.get().value())) : u.complete() ? "/" : null;
            if (context != null) {
                contexts.add(context);
            }
            u.setting("kestra.url").map(s -> u.resolve(s.value())).map(ProxyContext::urlPath)
                    .ifPresent(p -> publics.add(p));
        }
        return new ProxyContext(hosts == null ? null : new LinkedHashSet<>(hosts),
                contexts.size() == 1 ? Optional.of(contexts.iterator().next()) : Optional.empty(),
                publics.size() == 1 ? Optional.of(publics.iterator().next()) : Optional.empty());
    }

    /** Whether {@code host} (possibly with a port or scheme) is Kestra. Unknown hosts count when names are unknown. */
    public boolean isKestra(String upstream) {
        if (kestraHosts == null) {
            return true;
        }
        String host = hostOf(upstream);
        if (host != null && LOCAL.contains(host)) {
            // A proxy installed on the host reaches Kestra at the port its service publishes.
            Integer port = portOf(upstream);
            return port != null && kestraHostPorts.contains(port);
        }
        return host != null && kestraHosts.contains(host);
    }

    private static final Set<String> LOCAL = Set.of("localhost", "127.0.0.1", "[::1]", "0.0.0.0");

    /** {@code host:port} of {@code http://host:port/uri}: the text between the scheme and the path. */
    private static String authority(String upstream) {
        String u = upstream.strip();
        int scheme = u.indexOf("://");
        if (scheme >= 0) {
            u = u.substring(scheme + 3);
        }
        int slash = u.indexOf('/');
        return slash >= 0 ? u.substring(0, slash) : u;
    }

    /** The port of {@code http://host:port/uri} or {@code host:port}; null when none is written. */
    static @Nullable Integer portOf(String upstream) {
        String u = authority(upstream);
        int colon = u.lastIndexOf(':');
        if (colon < 0 || u.endsWith("]")) {
            return null;
        }
        String p = u.substring(colon + 1);
        return p.matches("[0-9]{1,5}") ? Integer.valueOf(p) : null;
    }

    /**
     * The kestra.url whose host none of the host names the proxy serves Kestra at names, if any. Empty when
     * the proxy serves every name (a catch-all) or no name is known.
     */
    public List<PublicUrl> urlsNotServed(List<String> servedNames) {
        List<PublicUrl> out = new java.util.ArrayList<>();
        if (servedNames.isEmpty()) {
            return out;
        }
        for (String n : servedNames) {
            if (n.isEmpty() || n.equals("_") || n.contains("*") || n.startsWith("~") || n.startsWith(".")) {
                return out;
            }
        }
        for (PublicUrl u : publicUrls) {
            if (!servedNames.contains(u.host())) {
                out.add(u);
            }
        }
        return out;
    }

    /** The path users reach Kestra at, with a trailing slash: kestra.url's path, else the context path. */
    public Optional<String> expectedPublicPath() {
        if (publicPath.isPresent()) {
            return publicPath;
        }
        return contextPath.map(ProxyContext::withSlash);
    }

    /** {@code /} for root, else {@code /path/}. */
    static String withSlash(String path) {
        return path.endsWith("/") ? path : path + "/";
    }

    /** A context path as Micronaut uses it: leading slash, no trailing slash; null if unknown. */
    static @Nullable String normalizePath(@Nullable String path) {
        if (path == null) {
            return null;
        }
        String p = path.strip();
        if (p.isEmpty() || p.equals("/")) {
            return "/";
        }
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** The path of a URL with one trailing slash, or null if it does not parse. */
    static @Nullable String urlPath(@Nullable String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return withSlash(path);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The host of {@code http://host:port/uri}, {@code host:port} or {@code host}, lower-case. */
    static @Nullable String hostOf(String upstream) {
        String u = authority(upstream);
        if (u.startsWith("[")) {
            int close = u.indexOf(']');
            return close < 0 ? null : u.substring(0, close + 1).toLowerCase(Locale.ROOT);
        }
        int colon = u.indexOf(':');
        if (colon >= 0) {
            u = u.substring(0, colon);
        }
        return u.isEmpty() ? null : u.toLowerCase(Locale.ROOT);
    }

    /**
     * Compares the path a proxy serves Kestra at with Kestra's own paths; returns the problem, or empty.
     *
     * @param location the public path prefix the proxy matches ({@code /} for everything)
     * @param rewrite what the proxy replaces that prefix with before passing the request on, or null when
     *     it passes the path through
     */
    public Optional<String> pathProblem(String location, @Nullable String rewrite) {
        Optional<String> expected = expectedPublicPath();
        if (expected.isEmpty()) {
            return Optional.empty();
        }
        String pub = expected.get();
        String loc = location.isEmpty() ? "/" : location;
        boolean comparable = pub.startsWith(loc) || withSlash(loc).startsWith(pub) || loc.startsWith(pub);
        if (!comparable) {
            return Optional.of("the proxy serves Kestra at " + loc + " but Kestra's public path (kestra.url or"
                    + " micronaut.server.context-path) is " + pub);
        }
        if (rewrite == null || contextPath.isEmpty()) {
            return Optional.empty();
        }
        String request = pub.length() >= loc.length() ? pub : withSlash(loc);
        String forwarded = rewrite + request.substring(Math.min(loc.length(), request.length()));
        String context = withSlash(contextPath.get());
        if (!withSlash(forwarded).startsWith(context)) {
            return Optional.of("the proxy rewrites " + loc + " to " + rewrite + ", so Kestra receives " + forwarded
                    + " instead of a path under its context path " + contextPath.get());
        }
        return Optional.empty();
    }
}
