package io.kestrastack.proxy.testing;

import io.kestrastack.Edge;
import io.kestrastack.EdgeContext;
import io.kestrastack.Scheme;
import io.kestrastack.Stack;
import io.kestrastack.proxy.CaddyEdge;
import io.kestrastack.proxy.NginxEdge;
import io.kestrastack.proxy.CertificateFiles;
import io.kestrastack.render.RenderedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Runs a stack's edge with the real tool: validation ({@code nginx -t}, {@code caddy validate} and
 * {@code caddy adapt}) or a short live run in front of a fake Kestra, with the edge's configuration at its
 * container path and a self-signed certificate wherever the configuration expects one.
 */
public final class EdgeRuns {

    private EdgeRuns() {}

    /** The edge of {@code stack}; fails when it has none. */
    public static Edge edge(Stack stack) {
        return stack.edge().orElseThrow(() -> new AssertionError("the stack has no edge"));
    }

    /** The content of the edge file at {@code path}. */
    public static String file(Stack stack, String path) {
        return edge(stack).files(stack.edgeContext()).stream().filter(f -> f.path().equals(path))
                .map(RenderedFile::content).findFirst().orElseThrow(() -> new AssertionError("no " + path));
    }

    /** The certificate and key files the edge's configuration names, with test content. */
    public static Map<String, String> certificates(Stack stack) {
        Edge edge = edge(stack);
        Optional<CertificateFiles> files = Optional.empty();
        if (edge instanceof CaddyEdge caddy) {
            files = caddy.certificateFiles();
        } else if (edge instanceof NginxEdge nginx) {
            files = nginx.certificateFiles(stack.address().host());
        }
        Map<String, String> out = new LinkedHashMap<>();
        files.ifPresent(f -> {
            List<String> pair = RealTools.selfSignedPair();
            out.put(f.certificatePath(), pair.get(0));
            out.put(f.keyPath(), pair.get(1));
        });
        return out;
    }

    /** Host names the sandbox resolves to 127.0.0.1: the Kestra service and the public host. */
    public static Set<String> hostNames(Stack stack) {
        return new LinkedHashSet<>(List.of(stack.kestra().serviceName(), stack.address().host()));
    }

    /** {@code nginx -t} on the stack's nginx configuration. */
    public static RealTools.Result nginxTest(Stack stack) {
        return RealTools.nginxTest(file(stack, NginxEdge.CONF_PATH), certificates(stack), hostNames(stack));
    }

    /** {@code caddy validate} on the stack's Caddyfile. */
    public static RealTools.Result caddyValidate(Stack stack) {
        return RealTools.caddyValidate(file(stack, CaddyEdge.CADDYFILE_PATH), certificates(stack));
    }

    /** {@code caddy adapt} of the stack's Caddyfile, parsed: fails when Caddy refuses it. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> caddyAdapt(Stack stack) {
        RealTools.Result r = RealTools.caddyAdapt(file(stack, CaddyEdge.CADDYFILE_PATH), certificates(stack));
        if (!r.ok()) {
            throw new AssertionError("caddy adapt refused the Caddyfile\n" + r.describe());
        }
        return (Map<String, Object>) io.kestrastack.internal.Yaml.load(r.stdout());
    }

    /**
     * One request of a live run.
     *
     * @param name a key for the result
     * @param path the path below the public origin, starting with {@code /}
     * @param maxSeconds how long curl may take
     * @param http1 whether to speak HTTP/1.1 instead of letting TLS negotiate HTTP/2
     */
    public record Request(String name, String path, int maxSeconds, boolean http1) {
        /** A request over whatever protocol TLS negotiates. */
        public Request(String name, String path, int maxSeconds) {
            this(name, path, maxSeconds, false);
        }
    }

    /**
     * The response to one request.
     *
     * @param status the HTTP status (0 when nothing arrived)
     * @param headers header values by lower-case name, in order
     * @param body the decoded body received before the time limit
     */
    public record Response(int status, Map<String, List<String>> headers, String body) {
        /** The single value of header {@code name}, or empty. */
        public Optional<String> header(String name) {
            List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
            if (values.size() > 1) {
                throw new AssertionError("header " + name + " sent " + values.size() + " times: " + values);
            }
            return values.stream().findFirst();
        }
    }

    /**
     * Starts a fake Kestra on 127.0.0.1:8080 and the stack's edge in a sandbox, sends each request with curl
     * (asking for compressed responses, as browsers do) and returns the responses by name.
     */
    public static Map<String, Response> live(Stack stack, List<Request> requests) {
        return live(stack, requests, UnaryOperator.identity());
    }

    /**
     * Like {@link #live(Stack, List)}, with the rendered configuration changed by {@code tweak} first: for
     * tests that show what goes wrong without one of the renderer's choices.
     */
    public static Map<String, Response> live(Stack stack, List<Request> requests, UnaryOperator<String> tweak) {
        RealTools.require("curl");
        Edge edge = edge(stack);
        EdgeContext context = stack.edgeContext();
        Map<String, String> files = new LinkedHashMap<>(certificates(stack));
        String start;
        int listenPort;
        boolean https = context.address().scheme() == Scheme.HTTPS;
        if (edge instanceof NginxEdge nginx) {
            RealTools.require("nginx");
            files.put("/etc/nginx/nginx.conf", RealTools.forLocalNginx(tweak.apply(file(stack, NginxEdge.CONF_PATH))));
            start = "nginx -e \"$T/nginx-error.log\" -g \"pid $T/nginx.pid;\" -c /etc/nginx/nginx.conf || exit 96";
            listenPort = nginx.endsTls() ? 443 : 80;
            https = nginx.endsTls();
        } else if (edge instanceof CaddyEdge) {
            RealTools.require("caddy");
            files.put("/etc/caddy/Caddyfile", tweak.apply(file(stack, CaddyEdge.CADDYFILE_PATH)));
            start = "caddy run --config /etc/caddy/Caddyfile --adapter caddyfile > \"$T/caddy.log\" 2>&1 &\nEDGE=$!";
            listenPort = context.address().port();
        } else {
            throw new AssertionError("unknown edge " + edge.kind());
        }
        String host = context.address().host();
        int publicPort = context.address().port();
        String origin = context.address().origin();
        String connect = " --connect-to " + host + ":" + publicPort + ":127.0.0.1:" + listenPort + " -k ";
        StringBuilder sh = new StringBuilder();
        sh.append("\"").append(RealTools.javaLauncher()).append("\" \"$T/FakeKestra.java\" > \"$T/upstream.log\" 2>&1 &\nUPSTREAM=$!\nEDGE=\n");
        sh.append("for i in $(seq 1 150); do curl -s -o /dev/null http://127.0.0.1:8080/ready && break; sleep 0.2; done\n");
        sh.append(start).append('\n');
        sh.append("for i in $(seq 1 150); do curl -s -o /dev/null").append(connect).append(origin)
                .append("/ready && break; sleep 0.2; done\n");
        for (Request r : requests) {
            sh.append("curl -s -N --compressed ").append(r.http1() ? "--http1.1 " : "").append("--max-time ")
                    .append(r.maxSeconds()).append(connect).append("-D \"$T/")
                    .append(r.name()).append(".head\" -o \"$T/").append(r.name()).append(".body\" '").append(origin)
                    .append(r.path()).append("'\n");
            sh.append("echo \"== ").append(r.name()).append("\"; cat \"$T/").append(r.name()).append(".head\" 2>/dev/null;")
                    .append(" echo; echo \"== body\"; cat \"$T/").append(r.name()).append(".body\" 2>/dev/null; echo; echo \"== end\"\n");
        }
        sh.append("cat \"$T/caddy.log\" \"$T/nginx-error.log\" 1>&2 2>/dev/null\n");
        // nginx daemonizes: wait until its master has removed the pid file, so nothing writes into $T after we return.
        sh.append("kill $UPSTREAM $EDGE 2>/dev/null\n[ -f \"$T/nginx.pid\" ] && kill $(cat \"$T/nginx.pid\")\n")
                .append("for i in $(seq 1 100); do [ -f \"$T/nginx.pid\" ] || break; sleep 0.1; done\nwait\nexit 0\n");
        RealTools.Result result = RealTools.sandbox(files, hostNames(stack), sh.toString(),
                Map.of("FakeKestra.java", resource("/upstream/FakeKestra.java")));
        if (!result.ok()) {
            throw new AssertionError("live run failed\n" + result.describe());
        }
        return parse(result.stdout(), requests, result);
    }

    private static Map<String, Response> parse(String out, List<Request> requests, RealTools.Result raw) {
        Map<String, Response> responses = new LinkedHashMap<>();
        for (Request r : requests) {
            int at = out.indexOf("== " + r.name() + "\n");
            int bodyAt = out.indexOf("\n== body\n", at);
            int endAt = out.indexOf("\n== end\n", bodyAt);
            if (at < 0 || bodyAt < 0 || endAt < 0) {
                throw new AssertionError("no output for " + r.name() + "\n" + raw.describe());
            }
            String head = out.substring(at + r.name().length() + 4, bodyAt);
            String body = out.substring(bodyAt + 9, endAt);
            int status = 0;
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String line : head.split("\r?\n")) {
                if (line.startsWith("HTTP/")) {
                    status = Integer.parseInt(line.split(" ")[1]);
                    headers.clear();
                } else if (line.contains(":")) {
                    int colon = line.indexOf(':');
                    String value = line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    headers.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(value);
                }
            }
            responses.put(r.name(), new Response(status, headers, body));
        }
        return responses;
    }

    private static String resource(String name) {
        try (InputStream in = EdgeRuns.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
