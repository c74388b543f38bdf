package io.kestrastack.lint.internal;

import io.kestrastack.lint.Rule;
import io.kestrastack.lint.internal.NginxConfig.Directive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The rules about an nginx configuration that proxies Kestra. */
final class NginxChecks {

    private NginxChecks() {}

    static void check(NginxConfig config, ProxyContext context, Report report) {
        String file = config.source().path();
        Map<String, List<String>> upstreams = new LinkedHashMap<>();
        collectUpstreams(config.directives(), upstreams, 0);
        // The file's own top level is the outermost scope (a conf.d file sits inside http).
        List<Directive> ancestors = new ArrayList<>();
        ancestors.add(new Directive("", List.of(), config.directives(), 1));
        boolean tls = anyTls(config.directives(), 0);
        List<String> served = new ArrayList<>();
        walk(config.directives(), ancestors, file, upstreams, context, new FileFacts(tls, served), report);
        for (ProxyContext.PublicUrl u : context.urlsNotServed(served)) {
            report.add(Rule.KESTRA_URL_HOST_MISMATCH, u.at(), "kestra.url names the host " + u.host() + ", but the"
                    + " nginx server that proxies Kestra (" + file + ") answers for " + String.join(", ", served));
        }
    }

    /** What holds for the whole file: whether any server ends TLS, and the names Kestra is served at. */
    private record FileFacts(boolean tls, List<String> served) {}

    private static boolean anyTls(List<Directive> directives, int depth) {
        if (depth > 64) {
            return false;
        }
        for (Directive d : directives) {
            if (d.name().equals("listen") && listensTls(d)) {
                return true;
            }
            if (anyTls(d.children(), depth + 1)) {
                return true;
            }
        }
        return false;
    }

    private static boolean listensTls(Directive listen) {
        for (String a : listen.args()) {
            if (a.equals("ssl") || a.equals("quic") || a.equals("443") || a.endsWith(":443")) {
                return true;
            }
        }
        return false;
    }

    /** Includes that never hold anything about proxying: MIME types and certbot's TLS options. */
    private static boolean harmlessInclude(String target) {
        return target.endsWith("mime.types") || target.startsWith("/etc/letsencrypt/");
    }

    private static void collectUpstreams(List<Directive> directives, Map<String, List<String>> out, int depth) {
        if (depth > 64) {
            return;
        }
        for (Directive d : directives) {
            if (d.name().equals("upstream") && d.block() != null) {
                List<String> servers = new ArrayList<>();
                for (Directive s : d.children()) {
                    if (s.name().equals("server")) {
                        servers.add(s.arg(0));
                    }
                }
                out.put(d.arg(0).toLowerCase(Locale.ROOT), servers);
            }
            collectUpstreams(d.children(), out, depth + 1);
        }
    }

    private static void walk(List<Directive> directives, List<Directive> ancestors, String file,
            Map<String, List<String>> upstreams, ProxyContext context, FileFacts facts, Report report) {
        if (ancestors.size() > 64) {
            return;
        }
        for (Directive d : directives) {
            switch (d.name()) {
                case "include" -> {
                    if (!harmlessInclude(d.arg(0))) {
                        report.add(Rule.NGINX_INCLUDE_NOT_FOLLOWED, file, d.line(), "include " + d.arg(0)
                                + " is not followed; the directives it holds were not checked");
                    }
                }
                case "add_header", "more_set_headers" -> hsts(d, file, report);
                case "location" -> location(d, ancestors, file, upstreams, context, facts, report);
                default -> { }
            }
            if (d.block() != null) {
                ancestors.add(d);
                walk(d.children(), ancestors, file, upstreams, context, facts, report);
                ancestors.remove(ancestors.size() - 1);
            }
        }
    }

    private static void hsts(Directive d, String file, Report report) {
        String all = String.join(" ", d.args()).toLowerCase(Locale.ROOT);
        if (all.contains("strict-transport-security") && all.contains("preload")) {
            report.add(Rule.HSTS_PRELOAD, file, d.line(), "the Strict-Transport-Security header asks for preloading");
        }
    }

    private static void location(Directive location, List<Directive> ancestors, String file,
            Map<String, List<String>> upstreams, ProxyContext context, FileFacts facts, Report report) {
        Optional<Directive> proxyPass = NginxConfig.find(location.children(), "proxy_pass");
        if (proxyPass.isEmpty() || !servesKestra(proxyPass.get().arg(0), upstreams, context)) {
            return;
        }
        List<Directive> scopes = new ArrayList<>(ancestors);
        scopes.add(location);
        Directive buffering = effective(scopes, "proxy_buffering");
        if (buffering == null) {
            report.add(Rule.NGINX_PROXY_BUFFERING, file, location.line(), "the location " + describe(location)
                    + " proxies Kestra with nginx's default proxy_buffering on, which holds back its event streams");
        } else if (!buffering.arg(0).equalsIgnoreCase("off")) {
            report.add(Rule.NGINX_PROXY_BUFFERING, file, buffering.line(), "proxy_buffering is "
                    + buffering.arg(0) + " for the location " + describe(location) + ", which proxies Kestra");
        }
        Directive cache = effective(scopes, "proxy_cache");
        if (cache != null && !cache.arg(0).equalsIgnoreCase("off")) {
            report.add(Rule.NGINX_PROXY_CACHE, file, cache.line(), "proxy_cache " + cache.arg(0)
                    + " caches responses of the location " + describe(location) + ", which proxies Kestra");
        }
        Directive server = null;
        for (int i = ancestors.size() - 1; i >= 0 && server == null; i--) {
            if (ancestors.get(i).name().equals("server")) {
                server = ancestors.get(i);
            }
        }
        String where = "the location " + describe(location);
        // Uploads, live streams and redirects go through the prefix location that serves Kestra; a regular
        // expression location (static assets, say) is not where they fail.
        boolean main = prefix(location) != null || (location.args().size() == 1 && location.arg(0).equals("/"));
        if (main && effective(scopes, "client_max_body_size") == null) {
            report.add(Rule.NGINX_CLIENT_MAX_BODY_SIZE, file, location.line(), where + " proxies Kestra with"
                    + " nginx's default client_max_body_size of 1m, so uploads over 1 MB fail with 413");
        }
        if (main) {
            readTimeout(scopes, location, where, file, report);
        }
        List<Directive> headers = headers(scopes);
        Directive protocol = null;
        boolean proto = false;
        for (Directive h : headers) {
            String name = h.arg(0).toLowerCase(Locale.ROOT);
            if (name.equals("x-forwarded-protocol")) {
                protocol = h;
            } else if (name.equals("x-forwarded-proto") || name.equals("forwarded")) {
                proto = true;
            } else if (name.equals("connection") && h.arg(1).equalsIgnoreCase("upgrade")) {
                report.add(Rule.NGINX_CONNECTION_UPGRADE, file, h.line(), where + " sends 'Connection: upgrade'"
                        + " to Kestra on every request");
            }
        }
        boolean serverTls = server != null && NginxConfig.find(server.children(), "listen").isPresent()
                && server.children().stream().anyMatch(d -> d.name().equals("listen") && listensTls(d));
        if (!proto && protocol != null) {
            report.add(Rule.NGINX_FORWARDED_PROTO, file, protocol.line(), "X-Forwarded-Protocol is not a header"
                    + " Micronaut reads; Kestra does not learn the scheme of " + where);
        } else if (!proto && serverTls && main) {
            report.add(Rule.NGINX_FORWARDED_PROTO, file, location.line(), where + " ends TLS but does not send"
                    + " X-Forwarded-Proto, so Kestra builds http:// URLs");
        }
        // A literal X-Forwarded-Proto states the scheme of the public address: 'https' when TLS ends in front
        // of nginx (a load balancer), 'http' when plain HTTP is the stated choice (kestra-stack renders the
        // scheme of the stack's address this way). Only a server left to guess ($scheme) is reported.
        boolean schemeStated = headers.stream().anyMatch(h -> h.arg(0).equalsIgnoreCase("x-forwarded-proto")
                && !h.arg(1).contains("$"));
        if (server != null) {
            Optional<Directive> names = NginxConfig.find(server.children(), "server_name");
            names.ifPresent(n -> {
                for (String a : n.args()) {
                    facts.served().add(a.toLowerCase(Locale.ROOT));
                }
            });
            if (names.isEmpty()) {
                facts.served().add("");
            }
            if (!facts.tls() && !schemeStated && names.isPresent() && names.get().args().stream()
                    .anyMatch(NginxChecks::publicName)) {
                report.add(Rule.NGINX_PLAIN_HTTP_PUBLIC, file, names.get().line(), "the server "
                        + String.join(" ", names.get().args()) + " serves Kestra over plain HTTP and nothing in "
                        + file + " ends TLS: basic-auth credentials cross the network in clear text");
            }
        }
        String prefix = prefix(location);
        if (prefix != null && prefix.length() > 1 && !prefix.endsWith("/")) {
            report.add(Rule.NGINX_LOCATION_PREFIX_SLASH, file, location.line(), "location " + describe(location)
                    + " also matches " + prefix + "foo and " + prefix + "-old, which are proxied to Kestra too",
                    "write location " + prefix + "/ and add location = " + prefix + " { return 301 " + prefix
                            + "/; }");
        }
        if (prefix != null) {
            String rewrite = rewrite(proxyPass.get().arg(0));
            context.pathProblem(prefix, rewrite).ifPresent(problem -> report.add(Rule.CONTEXT_PATH_MISMATCH, file,
                    location.line(), problem));
        }
    }

    /**
     * The proxy_set_header directives in force: nginx inherits them from the outer level only when the
     * inner level has none (ngx_http_proxy_module documentation).
     */
    private static List<Directive> headers(List<Directive> scopes) {
        for (int i = scopes.size() - 1; i >= 0; i--) {
            List<Directive> found = new ArrayList<>();
            for (Directive d : scopes.get(i).children()) {
                if (d.name().equals("proxy_set_header") && d.args().size() >= 2) {
                    found.add(d);
                }
            }
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    /** Streams shorter than this are cut while a task is quiet (the renderer's minimum, ProxySettings). */
    private static final long MIN_READ_TIMEOUT_SECONDS = 300;

    /**
     * Kestra's follow streams send nothing while a task is quiet. When nginx cuts one, the browser's
     * EventSource reconnects by itself (Kestra's UI does not close it on error: ExecutionRoot.vue
     * sse.onerror), and the follow endpoint starts again with every log line stored so far
     * (ExecutionLogService.streamExecutionLogs: "fetch repository first").
     */
    private static void readTimeout(List<Directive> scopes, Directive location, String where, String file,
            Report report) {
        Directive timeout = effective(scopes, "proxy_read_timeout");
        if (timeout == null) {
            report.add(Rule.NGINX_READ_TIMEOUT_SHORT, file, location.line(), where + " keeps nginx's default"
                    + " proxy_read_timeout of 60s: a live log that is quiet for a minute is cut and reloaded",
                    "add 'proxy_read_timeout 1h;'");
            return;
        }
        Long seconds = seconds(timeout.arg(0));
        if (seconds != null && seconds < MIN_READ_TIMEOUT_SECONDS) {
            report.add(Rule.NGINX_READ_TIMEOUT_SHORT, file, timeout.line(), "proxy_read_timeout " + timeout.arg(0)
                    + " cuts Kestra's live streams of " + where + " after " + seconds + " quiet seconds",
                    "use 'proxy_read_timeout 1h;'");
        }
    }

    /** An nginx time ({@code 90}, {@code 90s}, {@code 5m}, {@code 1h30m}) in seconds, or null. */
    static @Nullable Long seconds(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]+)(ms|s|m|h|d|w|M|y)?").matcher(text);
        long total = 0;
        int at = 0;
        while (at < text.length() && m.find(at) && m.start() == at) {
            long n = Long.parseLong(m.group(1).length() > 12 ? "999999999999" : m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            total += switch (unit) {
                case "ms" -> n / 1000;
                case "m" -> n * 60;
                case "h" -> n * 3600;
                case "d" -> n * 86400;
                case "w" -> n * 604800;
                case "M" -> n * 2592000;
                case "y" -> n * 31536000;
                default -> n;
            };
            at = m.end();
        }
        return at == text.length() && at > 0 ? total : null;
    }

    /** Whether a server_name is reachable from the internet: a dotted name outside private suffixes. */
    private static boolean publicName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (!n.contains(".") || n.startsWith("~") || n.matches("[0-9.]+") || n.startsWith("[")) {
            return false;
        }
        for (String suffix : List.of(".localhost", ".local", ".lan", ".internal", ".home", ".test", ".intranet",
                ".private", ".docker", ".arpa", ".corp", ".home.arpa")) {
            if (n.endsWith(suffix)) {
                return false;
            }
        }
        return true;
    }

    /** The nearest directive {@code name} in the innermost scope that has one, or null. */
    private static @Nullable Directive effective(List<Directive> scopes, String name) {
        for (int i = scopes.size() - 1; i >= 0; i--) {
            Optional<Directive> d = NginxConfig.find(scopes.get(i).children(), name);
            if (d.isPresent()) {
                return d.get();
            }
        }
        return null;
    }

    private static boolean servesKestra(String target, Map<String, List<String>> upstreams, ProxyContext context) {
        String host = ProxyContext.hostOf(target);
        if (host == null) {
            return false;
        }
        if (context.kestraHosts() == null) {
            return true;
        }
        List<String> servers = upstreams.get(host);
        if (servers != null) {
            return servers.stream().anyMatch(context::isKestra);
        }
        return context.isKestra(target);
    }

    /** The path prefix of a prefix location ({@code location /p}, {@code location ^~ /p}); null otherwise. */
    private static @Nullable String prefix(Directive location) {
        if (location.args().size() == 1 && location.arg(0).startsWith("/")) {
            return location.arg(0);
        }
        if (location.args().size() == 2 && location.arg(0).equals("^~") && location.arg(1).startsWith("/")) {
            return location.arg(1);
        }
        return null;
    }

    /**
     * The URI a proxy_pass target replaces the location prefix with ({@code http://kestra:8080/} gives
     * {@code /}); null when it has none or uses variables, and nginx passes the path through.
     */
    private static @Nullable String rewrite(String target) {
        if (target.contains("$")) {
            return null;
        }
        int scheme = target.indexOf("://");
        String rest = scheme < 0 ? target : target.substring(scheme + 3);
        int slash = rest.indexOf('/');
        return slash < 0 ? null : rest.substring(slash);
    }

    private static String describe(Directive location) {
        return String.join(" ", location.args());
    }
}
