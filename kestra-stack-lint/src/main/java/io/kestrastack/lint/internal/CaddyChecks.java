package io.kestrastack.lint.internal;

import io.kestrastack.lint.Rule;
import io.kestrastack.lint.internal.Caddyfile.Block;
import io.kestrastack.lint.internal.Caddyfile.BlockKind;
import io.kestrastack.lint.internal.Caddyfile.Line;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/** The rules about a Caddyfile that proxies Kestra. */
final class CaddyChecks {

    /** Paths of Kestra's event streams (1.x with a tenant, and the older form), below its public path. */
    private static final List<String> EVENT_STREAMS = List.of(
            "api/v1/main/executions/0/follow", "api/v1/main/logs/0/follow",
            "api/v1/executions/0/follow", "api/v1/logs/0/follow");

    private static final int MAX_DEPTH = 64;

    private CaddyChecks() {}

    static void check(Caddyfile caddyfile, ProxyContext context, Report report) {
        String file = caddyfile.source().path();
        Map<String, Line> snippets = new LinkedHashMap<>();
        for (Block b : caddyfile.blocks()) {
            if (b.kind() == BlockKind.SNIPPET) {
                String n = b.head().name();
                snippets.putIfAbsent(n.substring(1, n.length() - 1), b.head());
            }
        }
        List<String> served = new ArrayList<>();
        for (Block b : caddyfile.blocks()) {
            if (b.head().name().equals("import") && !snippets.containsKey(first(b.head()))) {
                importLine(b.head(), file, report);
            }
            everywhere(b.head().children(), 0, l -> {
                if (l.name().equals("import") && !snippets.containsKey(first(l))) {
                    importLine(l, file, report);
                } else if (l.name().equals("header")) {
                    hsts(l, file, report);
                }
            });
            if (b.kind() == BlockKind.SITE) {
                // Snippets of this file are expanded where they are imported, as Caddy does.
                Line head = new Line(b.head().tokens(), expand(b.head().children(), snippets, 0), true, b.head().line());
                Map<String, Line> matchers = new LinkedHashMap<>();
                everywhere(head.children(), 0, l -> {
                    if (l.name().startsWith("@") && l.name().length() > 1) {
                        matchers.putIfAbsent(l.name(), l);
                    }
                });
                List<Line> chain = new ArrayList<>();
                chain.add(head);
                boolean[] kestra = {false};
                site(head.children(), chain, matchers, file, context, kestra, report);
                if (kestra[0]) {
                    for (Caddyfile.Token t : head.tokens()) {
                        served.add(siteHost(t.text()));
                    }
                }
            }
        }
        for (ProxyContext.PublicUrl u : context.urlsNotServed(served)) {
            report.add(Rule.KESTRA_URL_HOST_MISMATCH, u.at(), "kestra.url names the host " + u.host() + ", but the"
                    + " Caddyfile site that proxies Kestra (" + file + ") answers for " + String.join(", ", served));
        }
    }

    /** The host of a site address ({@code https://a.example.com:8443/path}); empty for a catch-all. */
    private static String siteHost(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        if (a.endsWith(",")) {
            a = a.substring(0, a.length() - 1);
        }
        int scheme = a.indexOf("://");
        if (scheme >= 0) {
            a = a.substring(scheme + 3);
        }
        int slash = a.indexOf('/');
        if (slash >= 0) {
            a = a.substring(0, slash);
        }
        int colon = a.lastIndexOf(':');
        if (colon >= 0 && !a.endsWith("]")) {
            a = a.substring(0, colon);
        }
        return a.contains("{") ? "" : a;
    }

    private static String first(Line l) {
        return l.args().isEmpty() ? "" : l.args().get(0);
    }

    /** Snippets importing snippets could multiply a small file; no real Caddyfile expands to this many lines. */
    private static final int MAX_EXPANDED_LINES = 20_000;

    /** {@code lines} with each import of a snippet of this file replaced by the snippet's lines. */
    private static List<Line> expand(List<Line> lines, Map<String, Line> snippets, int depth) {
        return expand(lines, snippets, depth, 0, new int[] {MAX_EXPANDED_LINES});
    }

    private static List<Line> expand(List<Line> lines, Map<String, Line> snippets, int imports, int nesting,
            int[] budget) {
        List<Line> out = new ArrayList<>();
        for (Line l : lines) {
            budget[0]--;
            Line snippet = l.name().equals("import") ? snippets.get(first(l)) : null;
            if (snippet != null && imports < 8 && budget[0] > 0) {
                out.addAll(expand(snippet.children(), snippets, imports + 1, nesting, budget));
            } else if (l.hasBlock() && nesting < MAX_DEPTH) {
                out.add(new Line(l.tokens(), expand(l.children(), snippets, imports, nesting + 1, budget), true,
                        l.line()));
            } else {
                out.add(l);
            }
        }
        return out;
    }

    private static void importLine(Line l, String file, Report report) {
        report.add(Rule.CADDYFILE_IMPORT_NOT_FOLLOWED, file, l.line(), "import " + first(l)
                + " is not followed; the directives it brings in were not checked");
    }

    private static void everywhere(List<Line> lines, int depth, java.util.function.Consumer<Line> visit) {
        if (depth > MAX_DEPTH) {
            return;
        }
        for (Line l : lines) {
            visit.accept(l);
            everywhere(l.children(), depth + 1, visit);
        }
    }

    private static void hsts(Line header, String file, Report report) {
        List<String> args = header.args();
        for (int i = 0; i < args.size(); i++) {
            if (isHsts(args.get(i)) && i + 1 < args.size() && args.get(i + 1).toLowerCase(Locale.ROOT).contains("preload")) {
                report.add(Rule.HSTS_PRELOAD, file, header.line(), "the Strict-Transport-Security header asks for"
                        + " preloading");
                return;
            }
        }
        for (Line child : header.children()) {
            if (isHsts(child.name()) && String.join(" ", child.args()).toLowerCase(Locale.ROOT).contains("preload")) {
                report.add(Rule.HSTS_PRELOAD, file, child.line(), "the Strict-Transport-Security header asks for"
                        + " preloading");
            }
        }
    }

    private static boolean isHsts(String field) {
        String f = field.startsWith("+") || field.startsWith("-") || field.startsWith(">") || field.startsWith("?")
                ? field.substring(1) : field;
        return f.equalsIgnoreCase("Strict-Transport-Security");
    }

    /** Walks a site's directives; {@code chain} holds the site head and the handle/route lines around them. */
    private static void site(List<Line> lines, List<Line> chain, Map<String, Line> matchers, String file,
            ProxyContext context, boolean[] kestra, Report report) {
        if (chain.size() > MAX_DEPTH) {
            return;
        }
        for (Line l : lines) {
            switch (l.name()) {
                case "handle", "handle_path", "route" -> {
                    chain.add(l);
                    site(l.children(), chain, matchers, file, context, kestra, report);
                    chain.remove(chain.size() - 1);
                }
                case "reverse_proxy" -> {
                    if (upstreams(l).stream().anyMatch(context::isKestra)) {
                        kestra[0] = true;
                        kestraProxy(l, chain, matchers, file, context, report);
                    }
                }
                default -> { }
            }
        }
    }

    private static List<String> upstreams(Line reverseProxy) {
        List<String> args = reverseProxy.args();
        List<String> out = new ArrayList<>(isMatcher(args) ? args.subList(1, args.size()) : args);
        for (Line child : reverseProxy.children()) {
            if (child.name().equals("to")) {
                out.addAll(child.args());
            }
        }
        return out;
    }

    private static boolean isMatcher(List<String> args) {
        if (args.isEmpty()) {
            return false;
        }
        String a = args.get(0);
        return a.startsWith("@") || a.startsWith("/") || a.equals("*");
    }

    private static void kestraProxy(Line proxy, List<Line> chain, Map<String, Line> matchers, String file,
            ProxyContext context, Report report) {
        boolean stripped = false;
        for (Line l : chain) {
            if (l.name().equals("handle_path") && !l.args().isEmpty()
                    && !l.args().get(0).equals("*") && !l.args().get(0).equals("/*")) {
                stripped = true;
                report.add(Rule.CADDY_HANDLE_PATH, file, l.line(), "handle_path " + l.args().get(0)
                        + " strips the prefix before proxying to Kestra, which serves below its own context path");
            }
            for (Line sibling : l.children()) {
                if (sibling.name().equals("uri") && sibling.args().contains("strip_prefix")) {
                    stripped = true;
                    report.add(Rule.CADDY_HANDLE_PATH, file, sibling.line(),
                            "uri strip_prefix removes Kestra's path prefix before proxying to Kestra");
                }
            }
        }
        String prefix = "/";
        int prefixLine = proxy.line();
        List<Line> matched = new ArrayList<>(chain.subList(1, chain.size()));
        matched.add(proxy);
        for (Line l : matched) {
            if (isMatcher(l.args())) {
                String p = matcherPrefix(l.args().get(0), matchers);
                if (p != null) {
                    prefix = p;
                    prefixLine = l.line();
                }
            }
        }
        int at = prefixLine;
        String base = ProxyContext.withSlash(prefix.endsWith("*") ? prefix.substring(0, prefix.length() - 1) : prefix);
        for (Line l : chain) {
            for (Line sibling : l.children()) {
                if (sibling.name().equals("encode") && coversEventStreams(sibling, matchers, base)) {
                    report.add(Rule.CADDY_ENCODE_EVENT_STREAM, file, sibling.line(), "encode applies to Kestra's event"
                            + " streams (" + base + "api/v1/.../follow), which it holds back until the first event");
                }
            }
        }
        if (!stripped) {
            context.pathProblem(prefix, null).ifPresent(problem -> report.add(Rule.CONTEXT_PATH_MISMATCH, file,
                    at, problem));
        }
    }

    /** The path prefix a matcher token limits requests to, or null when it does not limit the path. */
    private static @Nullable String matcherPrefix(String token, Map<String, Line> matchers) {
        if (token.startsWith("/")) {
            return pathPrefix(token);
        }
        Line named = matchers.get(token);
        if (named == null) {
            return null;
        }
        List<String> paths = new ArrayList<>();
        if (named.args().size() > 1 && named.args().get(0).equals("path")) {
            paths.add(named.args().get(1));
        }
        for (Line c : named.children()) {
            if (c.name().equals("path") && !c.args().isEmpty()) {
                paths.add(c.args().get(0));
            }
        }
        return paths.isEmpty() ? null : pathPrefix(paths.get(0));
    }

    private static String pathPrefix(String pattern) {
        int star = pattern.indexOf('*');
        String p = star < 0 ? pattern : pattern.substring(0, star);
        return p.isEmpty() ? "/" : p;
    }

    private static boolean coversEventStreams(Line encode, Map<String, Line> matchers, String base) {
        List<String> args = encode.args();
        if (isMatcher(args)) {
            boolean any = false;
            for (String stream : EVENT_STREAMS) {
                Boolean m = matches(args.get(0), matchers, base + stream, 0);
                if (m == null) {
                    return false;
                }
                any |= m;
            }
            if (!any) {
                return false;
            }
        }
        for (Line child : encode.children()) {
            if (child.name().equals("match")) {
                List<String> types = new ArrayList<>();
                collectContentTypes(child, types);
                if (types.isEmpty()) {
                    return false;
                }
                return types.stream().anyMatch(CaddyChecks::coversEventStreamType);
            }
        }
        return true;
    }

    private static void collectContentTypes(Line match, List<String> out) {
        List<String> args = match.args();
        if (args.size() >= 2 && args.get(0).equals("header") && args.get(1).equalsIgnoreCase("Content-Type")) {
            out.addAll(args.subList(2, args.size()));
        }
        for (Line c : match.children()) {
            if (c.name().equals("header") && !c.args().isEmpty() && c.args().get(0).equalsIgnoreCase("Content-Type")) {
                out.addAll(c.args().subList(1, c.args().size()));
            }
        }
    }

    /** Whether a Content-Type pattern ('*' matches anything) covers text/event-stream. */
    private static boolean coversEventStreamType(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toLowerCase(Locale.ROOT).toCharArray()) {
            regex.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
        }
        return "text/event-stream".matches(regex.toString());
    }

    /** Whether a matcher token matches {@code path}: true, false, or null when the linter cannot tell. */
    private static @Nullable Boolean matches(String token, Map<String, Line> matchers, String path, int depth) {
        if (token.equals("*")) {
            return true;
        }
        if (token.startsWith("/")) {
            return pathMatches(token, path);
        }
        Line named = matchers.get(token);
        if (named == null || depth > 8) {
            return null;
        }
        List<List<String>> conditions = new ArrayList<>();
        if (named.args().size() > 0) {
            conditions.add(named.args());
        }
        for (Line c : named.children()) {
            List<String> cond = new ArrayList<>();
            cond.add(c.name());
            cond.addAll(c.args());
            if (c.name().equals("not") && c.hasBlock()) {
                Boolean inner = block(c.children(), path);
                if (inner == null) {
                    return null;
                }
                if (inner) {
                    return false;
                }
                continue;
            }
            conditions.add(cond);
        }
        Boolean all = true;
        for (List<String> cond : conditions) {
            Boolean m = condition(cond, path);
            if (m == null) {
                all = null;
            } else if (!m) {
                return false;
            }
        }
        return all;
    }

    private static @Nullable Boolean block(List<Line> lines, String path) {
        Boolean all = true;
        for (Line c : lines) {
            List<String> cond = new ArrayList<>();
            cond.add(c.name());
            cond.addAll(c.args());
            Boolean m = condition(cond, path);
            if (m == null) {
                all = null;
            } else if (!m) {
                return false;
            }
        }
        return all;
    }

    private static @Nullable Boolean condition(List<String> cond, String path) {
        String type = cond.get(0);
        List<String> args = cond.subList(1, cond.size());
        switch (type) {
            case "path": {
                return args.stream().anyMatch(a -> pathMatches(a, path));
            }
            case "path_regexp": {
                String regex = args.isEmpty() ? "" : args.get(args.size() - 1);
                try {
                    return Pattern.compile(regex).matcher(path).find();
                } catch (PatternSyntaxException e) {
                    return null;
                }
            }
            case "not": {
                if (args.isEmpty()) {
                    return null;
                }
                Boolean inner = condition(args, path);
                return inner == null ? null : !inner;
            }
            default:
                return null;
        }
    }

    /** Caddy's path matching: exact, or with '*' as prefix, suffix, substring or glob wildcard. */
    static boolean pathMatches(String pattern, String path) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String s = path.toLowerCase(Locale.ROOT);
        if (p.equals("*")) {
            return true;
        }
        if (p.length() > 1 && p.startsWith("*") && p.endsWith("*")) {
            return s.contains(p.substring(1, p.length() - 1));
        }
        if (p.endsWith("*") && p.indexOf('*') == p.length() - 1) {
            return s.startsWith(p.substring(0, p.length() - 1));
        }
        if (p.startsWith("*") && p.lastIndexOf('*') == 0) {
            return s.endsWith(p.substring(1));
        }
        if (p.contains("*")) {
            return glob(p, s);
        }
        return s.equals(p);
    }

    /** Shell-style glob where '*' does not cross '/'. */
    private static boolean glob(String pattern, String text) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return text.matches(regex.toString());
    }
}
