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
        walk(config.directives(), ancestors, file, upstreams, context, report);
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
            Map<String, List<String>> upstreams, ProxyContext context, Report report) {
        if (ancestors.size() > 64) {
            return;
        }
        for (Directive d : directives) {
            switch (d.name()) {
                case "include" -> report.add(Rule.NGINX_INCLUDE_NOT_FOLLOWED, file, d.line(),
                        "include " + d.arg(0) + " is not followed; the directives it holds were not checked");
                case "add_header", "more_set_headers" -> hsts(d, file, report);
                case "location" -> location(d, ancestors, file, upstreams, context, report);
                default -> { }
            }
            if (d.block() != null) {
                ancestors.add(d);
                walk(d.children(), ancestors, file, upstreams, context, report);
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
            Map<String, List<String>> upstreams, ProxyContext context, Report report) {
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
        String prefix = prefix(location);
        if (prefix != null) {
            String rewrite = rewrite(proxyPass.get().arg(0));
            context.pathProblem(prefix, rewrite).ifPresent(problem -> report.add(Rule.CONTEXT_PATH_MISMATCH, file,
                    location.line(), problem));
        }
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
