package io.kestrastack.proxy.testing;

import io.kestrastack.ConfigDelivery;
import io.kestrastack.Stack;
import io.kestrastack.internal.ComposeText;
import io.kestrastack.internal.Yaml;
import io.kestrastack.proxy.CaddyEdge;
import io.kestrastack.proxy.NginxEdge;
import io.kestrastack.proxy.internal.NginxText;
import io.kestrastack.render.ComposeRenderer;
import io.kestrastack.render.KestraConfigRenderer;
import io.kestrastack.render.RenderedFile;
import io.kestrastack.render.StackRenderer;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a rendered stack says, read back with parsers rather than substring search: the edge's
 * configuration parsed as Caddy or nginx would, the Compose file and the Kestra configuration parsed as YAML.
 */
public final class RenderedEdge {

    private final Stack stack;
    private final Map<String, String> files = new LinkedHashMap<>();

    /** Renders {@code stack}. */
    public RenderedEdge(Stack stack) {
        this.stack = stack;
        for (RenderedFile f : StackRenderer.render(stack)) {
            files.put(f.path(), f.content());
        }
    }

    /** The rendered file at {@code path}. */
    public String file(String path) {
        String text = files.get(path);
        if (text == null) {
            throw new AssertionError("no rendered file " + path + " among " + files.keySet());
        }
        return text;
    }

    /** Every rendered file by path. */
    public Map<String, String> files() {
        return files;
    }

    /** Whether the edge is Caddy. */
    public boolean caddy() {
        return stack.edge().orElseThrow() instanceof CaddyEdge;
    }

    /** The parsed edge configuration. */
    public Directive config() {
        return caddy() ? CaddyfileParser.parse(file(CaddyEdge.CADDYFILE_PATH))
                : NginxConfParser.parse(file(NginxEdge.CONF_PATH));
    }

    /** The Compose file as a tree. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> compose() {
        return (Map<String, Object>) Yaml.load(file(ComposeRenderer.PATH));
    }

    /** The Compose service {@code name}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> service(String name) {
        Object s = ((Map<String, Object>) compose().get("services")).get(name);
        if (s == null) {
            throw new AssertionError("no service " + name);
        }
        return (Map<String, Object>) s;
    }

    /** The Kestra configuration as Kestra receives it (from the mounted file or KESTRA_CONFIGURATION). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> kestraConfig() {
        if (stack.kestra().configDelivery() == ConfigDelivery.FILE) {
            return (Map<String, Object>) Yaml.load(file(KestraConfigRenderer.PATH));
        }
        Map<String, Object> env = (Map<String, Object>) service(stack.kestra().serviceName()).get("environment");
        return (Map<String, Object>) Yaml.load(ComposeText.unescape((String) env.get("KESTRA_CONFIGURATION")));
    }

    /** {@code kestra.url} as configured. */
    public URI kestraUrl() {
        return URI.create((String) get(kestraConfig(), "kestra", "url"));
    }

    /** {@code micronaut.server.context-path}, or "/" when absent. */
    public String micronautContextPath() {
        Object v = get(kestraConfig(), "micronaut", "server", "context-path");
        return v == null ? "/" : (String) v;
    }

    /** The path the edge serves Kestra under, without trailing slash ("/" for the root). */
    public String edgePath() {
        if (caddy()) {
            String matcher = kestraHandle().arg();
            if (!matcher.endsWith("*")) {
                throw new AssertionError("the Kestra handle does not end in '*': " + matcher);
            }
            String path = matcher.substring(0, matcher.length() - 1);
            return path.equals("/") ? "/" : path;
        }
        String location = kestraLocation().arg();
        return location.equals("/") ? "/" : location.substring(0, location.length() - 1);
    }

    /** The host names the edge's serving site or server answers to. */
    public List<String> edgeHosts() {
        if (caddy()) {
            List<String> out = new ArrayList<>();
            Directive site = site();
            List<String> addresses = new ArrayList<>(List.of(site.name()));
            addresses.addAll(site.args());
            for (String a : addresses) {
                String host = a.replaceFirst("^https?://", "").replaceFirst(":[0-9]+$", "");
                out.add(host);
            }
            return out;
        }
        return kestraServer().one("server_name").orElseThrow().args();
    }

    /** The upstream the edge proxies Kestra to, as {@code host:port}. */
    public String upstream() {
        if (caddy()) {
            Directive rp = kestraHandle().one("reverse_proxy").orElseThrow(() -> new AssertionError("no reverse_proxy"));
            if (rp.args().size() != 1) {
                throw new AssertionError("reverse_proxy should have one upstream: " + rp.args());
            }
            return rp.arg();
        }
        String pass = kestraLocation().one("proxy_pass").orElseThrow().arg();
        if (!pass.startsWith("http://")) {
            throw new AssertionError("proxy_pass is not http://: " + pass);
        }
        return pass.substring("http://".length());
    }

    /** Caddy: the one site block. */
    public Directive site() {
        List<Directive> sites = config().children().stream().filter(d -> !d.name().isEmpty()).toList();
        if (sites.size() != 1) {
            throw new AssertionError("expected one site, found " + sites.size());
        }
        return sites.get(0);
    }

    /** Caddy: the global options block, if any. */
    public Optional<Directive> globalOptions() {
        return config().children().stream().filter(d -> d.name().isEmpty()).findFirst();
    }

    /** Caddy: the handle block that holds the reverse_proxy. */
    public Directive kestraHandle() {
        List<Directive> handles = site().all("handle").stream()
                .filter(h -> h.one("reverse_proxy").isPresent()).toList();
        if (handles.size() != 1) {
            throw new AssertionError("expected one handle with reverse_proxy, found " + handles.size());
        }
        return handles.get(0);
    }

    /** nginx: the server holding the location that proxies to Kestra. */
    public Directive kestraServer() {
        List<Directive> servers = config().one("http").orElseThrow().all("server").stream()
                .filter(s -> s.all("location").stream().anyMatch(l -> l.one("proxy_pass").isPresent())).toList();
        if (servers.size() != 1) {
            throw new AssertionError("expected one server proxying to Kestra, found " + servers.size());
        }
        return servers.get(0);
    }

    /** nginx: the location that proxies to Kestra. */
    public Directive kestraLocation() {
        List<Directive> locations = kestraServer().all("location").stream()
                .filter(l -> l.one("proxy_pass").isPresent()).toList();
        if (locations.size() != 1) {
            throw new AssertionError("expected one proxying location, found " + locations.size());
        }
        Directive l = locations.get(0);
        if (l.args().size() != 1) {
            throw new AssertionError("the Kestra location has a modifier: " + l.args());
        }
        return l;
    }

    /**
     * The response headers the edge adds, as the real parser reads them (nginx's {@code ${kestra_stack_dollar}}
     * read back as the {@code $} it stands for).
     */
    public Map<String, String> responseHeaders() {
        Map<String, String> out = new LinkedHashMap<>();
        if (caddy()) {
            for (Directive header : site().all("header")) {
                for (Directive field : header.children()) {
                    if (field.name().equals("defer")) {
                        continue;
                    }
                    if (field.args().size() != 1) {
                        throw new AssertionError("header " + field.name() + " has " + field.args().size() + " values");
                    }
                    if (out.put(field.name(), field.arg()) != null) {
                        throw new AssertionError("header " + field.name() + " set twice");
                    }
                }
            }
            return out;
        }
        for (Directive add : kestraServer().all("add_header")) {
            if (add.args().size() != 3 || !add.args().get(2).equals("always")) {
                throw new AssertionError("add_header should be 'name value always': " + add.args());
            }
            String marked = add.args().get(1).replace("${" + NginxText.DOLLAR_VARIABLE + "}", "\u0000");
            if (marked.indexOf('$') >= 0) {
                throw new AssertionError("add_header value uses a variable other than the dollar: " + add.args());
            }
            String value = marked.replace('\u0000', '$');
            out.put(add.arg(), value);
        }
        return out;
    }

    /** The allowed client networks, as the edge lists them. */
    public List<String> allowedNetworks() {
        if (caddy()) {
            return site().all("@denied").stream().findFirst().map(d -> {
                if (!d.args().get(0).equals("not") || !d.args().get(1).equals("remote_ip")) {
                    throw new AssertionError("@denied should be 'not remote_ip ...': " + d.args());
                }
                return d.args().subList(2, d.args().size());
            }).orElse(List.of());
        }
        return kestraServer().all("allow").stream().map(Directive::arg).toList();
    }

    @SuppressWarnings("unchecked")
    static Object get(Map<String, Object> tree, String... path) {
        Object at = tree;
        for (String key : path) {
            if (!(at instanceof Map<?, ?>)) {
                return null;
            }
            at = ((Map<String, Object>) at).get(key);
        }
        return at;
    }
}
