package io.kestrastack.proxy.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Questions about the JSON configuration {@code caddy adapt} produced from a Caddyfile: Caddy's own reading
 * of it, as opposed to what the renderer meant.
 */
public final class CaddyJson {

    private final Map<String, Object> root;

    /** Wraps the parsed output of {@code caddy adapt}. */
    public CaddyJson(Map<String, Object> root) {
        this.root = root;
    }

    /** Site host matchers of every server. */
    public List<String> hosts() {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> server : servers()) {
            for (Object route : list(server.get("routes"))) {
                for (Object match : list(map(route).get("match"))) {
                    for (Object host : list(map(match).get("host"))) {
                        out.add((String) host);
                    }
                }
            }
        }
        return out;
    }

    /** Dial addresses of every reverse_proxy handler. */
    public List<String> upstreams() {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> h : handlers("reverse_proxy")) {
            for (Object u : list(h.get("upstreams"))) {
                out.add((String) map(u).get("dial"));
            }
        }
        return out;
    }

    /** The single reverse_proxy handler. */
    public Node reverseProxy() {
        List<Map<String, Object>> found = handlers("reverse_proxy");
        if (found.size() != 1) {
            throw new AssertionError("expected one reverse_proxy, found " + found.size());
        }
        return new Node(found.get(0));
    }

    /** Path matchers of the routes whose handlers include a reverse_proxy. */
    public List<String> kestraPaths() {
        List<String> out = new ArrayList<>();
        walkRoutes(root, out);
        return out;
    }

    private static void walkRoutes(Object node, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            Object routes = m.get("routes");
            for (Object route : list(routes)) {
                Map<String, Object> r = map(route);
                if (!handlersIn(r.get("handle"), "reverse_proxy").isEmpty()) {
                    for (Object match : list(r.get("match"))) {
                        for (Object path : list(map(match).get("path"))) {
                            out.add((String) path);
                        }
                    }
                }
            }
            for (Object v : m.values()) {
                walkRoutes(v, out);
            }
        } else if (node instanceof List<?> l) {
            for (Object v : l) {
                walkRoutes(v, out);
            }
        }
    }

    /** Contact emails of the ACME issuers. */
    public List<String> acmeEmails() {
        List<String> out = new ArrayList<>();
        Object tls = map(map(root.get("apps")).get("tls"));
        for (Object policy : list(map(map(tls).get("automation")).get("policies"))) {
            for (Object issuer : list(map(policy).get("issuers"))) {
                if ("acme".equals(map(issuer).get("module"))) {
                    out.add((String) map(issuer).get("email"));
                }
            }
        }
        return out;
    }

    /** Response headers set by every headers handler, merged in order. */
    @SuppressWarnings("unchecked")
    public Map<String, List<String>> responseHeaders() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map<String, Object> h : handlers("headers")) {
            Map<String, Object> set = map(map(h.get("response")).get("set"));
            set.forEach((k, v) -> out.put(k, (List<String>) v));
        }
        return out;
    }

    /** Content-Type patterns of every encode handler; an encode without them fails. */
    public List<String> encodePatterns() {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> h : handlers("encode")) {
            Map<String, Object> headers = map(map(h.get("match")).get("headers"));
            List<Object> types = list(headers.get("Content-Type"));
            if (types.isEmpty()) {
                throw new AssertionError("an encode handler has no Content-Type matcher, so Caddy's defaults"
                        + " (text/*) apply: " + h);
            }
            types.forEach(t -> out.add((String) t));
        }
        return out;
    }

    /** Whether any encode handler would compress a response of {@code contentType}. */
    public boolean encodeMatches(String contentType) {
        return encodePatterns().stream().anyMatch(p -> CaddyFacts.headerValueMatches(p, contentType));
    }

    /** max_size of the request_body handler, in bytes. */
    public long maxBodySize() {
        List<Map<String, Object>> found = handlers("request_body");
        if (found.size() != 1) {
            throw new AssertionError("expected one request_body, found " + found.size());
        }
        return ((Number) found.get(0).get("max_size")).longValue();
    }

    /** Every handler object named {@code name}, anywhere. */
    public List<Map<String, Object>> handlers(String name) {
        return handlersIn(root, name);
    }

    private static List<Map<String, Object>> handlersIn(Object node, String name) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (node instanceof Map<?, ?> m) {
            if (name.equals(m.get("handler"))) {
                out.add(map(m));
            }
            for (Object v : m.values()) {
                out.addAll(handlersIn(v, name));
            }
        } else if (node instanceof List<?> l) {
            for (Object v : l) {
                out.addAll(handlersIn(v, name));
            }
        }
        return out;
    }

    private List<Map<String, Object>> servers() {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Object> http = map(map(root.get("apps")).get("http"));
        map(http.get("servers")).values().forEach(s -> out.add(map(s)));
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> ? (Map<String, Object>) o : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o instanceof List<?> ? (List<Object>) o : List.of();
    }

    /** A JSON object with path lookups; numbers come back as {@code Long}. */
    public record Node(Map<String, Object> value) {
        /** The value at {@code path}, or null. */
        public Object get(String... path) {
            Object at = value;
            for (String key : path) {
                at = map(at).get(key);
            }
            return at instanceof Number n && !(at instanceof Double) ? n.longValue() : at;
        }

        /** The value at {@code path}, if present. */
        public Optional<Object> find(String... path) {
            return Optional.ofNullable(get(path));
        }
    }
}
