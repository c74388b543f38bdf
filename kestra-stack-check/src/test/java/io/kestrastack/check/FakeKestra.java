package io.kestrastack.check;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A small in-JVM stand-in for an edge with Kestra behind it (com.sun.net.httpserver), shaped like Kestra's API as
 * {@link CheckRun} and {@link StreamProbe} cite it, with switches that break one thing at a time.
 */
final class FakeKestra implements AutoCloseable {

    /** The name the servers answer as; the tests' JDK resolves it to 127.0.0.1 (src/test/resources/hosts). */
    static final String HOST = "kestra.test";
    static final String USER = "admin@example.com";
    static final String PASSWORD = "S3cret-Pa$$word";

    /**
     * How the fake edge passes the follow stream on: live; buffered until the end; gzip (when the client accepts it)
     * flushed per event as Micronaut does; gzip held until the end while an uncompressed answer stays live (an
     * encoder holding the stream); gzip and buffered.
     */
    enum Stream { LIVE, BUFFERED, GZIP_LIVE, GZIP_HELD, GZIP_BUFFERED }

    final HttpServer server;
    final String contextPath;
    final Map<String, String> headers = new LinkedHashMap<>();
    volatile boolean basicAuth = true;
    volatile boolean rootLeaksKestra;
    volatile String version = "2.0.5";
    volatile String kestraUrl;
    volatile Stream stream = Stream.LIVE;
    volatile boolean refuseDeletes;
    final Map<String, String> flows = new ConcurrentHashMap<>();
    final Map<String, String> executions = new ConcurrentHashMap<>();
    final List<String> deleted = new ArrayList<>();

    private FakeKestra(HttpServer server, String contextPath, String scheme) {
        this.server = server;
        this.contextPath = contextPath;
        this.kestraUrl = scheme + "://" + HOST + ":" + server.getAddress().getPort() + contextPath + "/";
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeKestra http(String contextPath) throws IOException {
        return new FakeKestra(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), contextPath, "http");
    }

    static FakeKestra https(String contextPath, Path keystore) throws Exception {
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        s.setHttpsConfigurator(new HttpsConfigurator(ctx));
        return new FakeKestra(s, contextPath, "https");
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return (server instanceof HttpsServer ? "https" : "http") + "://" + HOST + ":" + port() + contextPath + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        headers.forEach((k, v) -> x.getResponseHeaders().add(k, v));
        String path = x.getRequestURI().getPath();
        String query = x.getRequestURI().getRawQuery();
        if (!path.startsWith(contextPath + "/")) {
            if (rootLeaksKestra && path.equals("/")) {
                x.getResponseHeaders().add("Location", "/ui/");
                send(x, 307, "");
            } else {
                send(x, 404, "not found");
            }
            return;
        }
        String p = path.substring(contextPath.length());
        if (p.startsWith("/ui/")) {
            if (!authorized(x)) {
                return;
            }
            send(x, 200, "<!doctype html><title>Kestra</title>");
            return;
        }
        if (!authorized(x)) {
            return;
        }
        String method = x.getRequestMethod();
        if (refuseDeletes && method.equals("DELETE")) {
            send(x, 500, "{\"message\":\"refused\"}");
            return;
        }
        if (p.equals("/api/v1/configs")) {
            send(x, 200, "{\"uuid\":\"u\",\"version\":\"" + version + "\",\"isBasicAuthEnabled\":" + basicAuth + "}");
        } else if (p.equals("/api/v1/main/flows/search")) {
            send(x, 200, "{\"results\":[],\"total\":0}");
        } else if (p.equals("/api/v1/main/flows") && method.equals("POST")) {
            String yaml = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = yaml.replaceAll("(?s)^id: (\\S+).*", "$1");
            String ns = yaml.replaceAll("(?s).*\nnamespace: (\\S+).*", "$1");
            flows.put(ns + "/" + id, yaml);
            send(x, 200, "{\"id\":\"" + id + "\",\"namespace\":\"" + ns + "\",\"revision\":1}");
        } else if (p.matches("/api/v1/main/flows/[^/]+/[^/]+") && method.equals("DELETE")) {
            String key = p.substring("/api/v1/main/flows/".length());
            deleted.add("flow " + key);
            send(x, flows.remove(key) != null ? 204 : 404, "");
        } else if (p.matches("/api/v1/main/executions/[^/]+/[^/]+") && method.equals("POST")) {
            String key = p.substring("/api/v1/main/executions/".length());
            String id = "exec" + executions.size();
            executions.put(id, key);
            String base = kestraUrl.endsWith("/") ? kestraUrl.substring(0, kestraUrl.length() - 1) : kestraUrl;
            send(x, 200, "{\"id\":\"" + id + "\",\"state\":{\"current\":\"CREATED\"},\"url\":\"" + base + "/ui/main/executions/"
                    + key + "/" + id + "\"}");
        } else if (p.matches("/api/v1/main/executions/[^/]+") && method.equals("GET")) {
            send(x, 200, "{\"id\":\"x\",\"state\":{\"current\":\"SUCCESS\"}}");
        } else if (p.matches("/api/v1/main/executions/[^/]+") && method.equals("DELETE")) {
            String id = p.substring("/api/v1/main/executions/".length());
            deleted.add("execution " + id);
            send(x, executions.remove(id) != null ? 204 : 404, "");
        } else if (p.matches("/api/v1/main/logs/[^/]+/follow")) {
            follow(x, p.split("/")[5]);
        } else if (p.matches("/api/v1/main/logs/[^/]+")) {
            send(x, 200, "[]");
        } else {
            send(x, 404, "{\"message\":\"not found " + p + (query == null ? "" : "?" + query) + "\"}");
        }
    }

    /** Five log lines one second apart (shortened to 300 ms), as LogEntry events. */
    private void follow(HttpExchange x, String executionId) throws IOException {
        boolean gzip = String.valueOf(x.getRequestHeaders().getFirst("Accept-Encoding")).contains("gzip")
                && (stream == Stream.GZIP_LIVE || stream == Stream.GZIP_HELD || stream == Stream.GZIP_BUFFERED);
        boolean held = stream == Stream.BUFFERED || stream == Stream.GZIP_BUFFERED || stream == Stream.GZIP_HELD && gzip;
        x.getResponseHeaders().add("Content-Type", "text/event-stream");
        if (gzip) {
            x.getResponseHeaders().add("Content-Encoding", "gzip");
        }
        x.sendResponseHeaders(200, 0);
        OutputStream raw = x.getResponseBody();
        OutputStream out = gzip ? new GZIPOutputStream(raw, true) : raw;
        StringBuilder kept = new StringBuilder();
        try {
            for (int i = 1; i <= StreamProbe.LINES; i++) {
                String event = "id:progress\ndata:{\"executionId\":\"" + executionId + "\",\"timestamp\":\"" + Instant.now()
                        + "\",\"level\":\"INFO\",\"message\":\"" + StreamProbe.MARKER + i + " of 5\"}\n\n";
                if (held) {
                    kept.append(event);
                } else {
                    out.write(event.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                Thread.sleep(1000);
            }
            out.write(kept.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(200);
            out.close();
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    private boolean authorized(HttpExchange x) throws IOException {
        if (!basicAuth) {
            return true;
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        if (expected.equals(x.getRequestHeaders().getFirst("Authorization"))) {
            return true;
        }
        x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=Kestra");
        send(x, 401, "");
        return false;
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0 && !x.getResponseHeaders().containsKey("Content-Type")) {
            x.getResponseHeaders().add("Content-Type", body.startsWith("{") ? "application/json" : "text/html");
        }
        x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            x.getResponseBody().write(b);
        }
        x.close();
    }
}
