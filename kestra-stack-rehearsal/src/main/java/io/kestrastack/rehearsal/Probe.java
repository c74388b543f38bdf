package io.kestrastack.rehearsal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The test side of a rehearsal: a client run in the host namespace (where the public host name resolves to the
 * published ports) that makes the requests a browser makes and prints one {@code key=value} line per
 * observation. TLS certificates are not verified: the rehearsal's certificates are test certificates or Caddy's
 * internal CA.
 *
 * <p>Arguments: {@code BASE} (public origin plus context path, no trailing slash), {@code HTTP_BASE} (the plain
 * HTTP origin to check the redirect on, or {@code -}), then {@code host:port} pairs that must refuse connections.
 */
public final class Probe {

    private Probe() {}

    /**
     * Runs the probe.
     *
     * @param args see the class comment
     * @throws Exception on an unexpected failure (reported by the caller)
     */
    public static void main(String[] args) throws Exception {
        String base = args[0];
        String httpBase = args[1];
        HttpClient client = HttpClient.newBuilder().sslContext(trustAll()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpClient http1 = HttpClient.newBuilder().sslContext(trustAll()).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        section("ui", () -> {
        HttpResponse<String> ui = client.send(get(base + "/ui/"), HttpResponse.BodyHandlers.ofString());
        out("ui.status", ui.statusCode());
        out("ui.version", ui.version());
        out("ui.body", ui.body().contains("Kestra (rehearsal stand-in)"));
        for (String h : List.of("x-content-type-options", "x-frame-options", "referrer-policy", "strict-transport-security")) {
            out("ui.header." + h, ui.headers().firstValue(h).orElse("-"));
        }

        });
        section("root", () -> {
        HttpResponse<String> root = client.send(get(base + "/"), HttpResponse.BodyHandlers.ofString());
        out("root.status", root.statusCode());
        out("root.location", root.headers().firstValue("location").orElse("-"));

        });
        section("echo", () -> {
        HttpResponse<String> echo = client.send(get(base + "/api/v1/rehearsal/url"), HttpResponse.BodyHandlers.ofString());
        out("echo.status", echo.statusCode());
        out("echo.body", echo.body().replace('\n', ' '));

        });
        for (HttpClient c : List.of(client, http1)) {
            String tag = c == client ? "sse" : "sse1";
            section(tag, () -> {
            long asked = System.currentTimeMillis();
            HttpResponse<InputStream> sse = c.send(get(base + "/api/v1/main/executions/rehearsal/follow"),
                    HttpResponse.BodyHandlers.ofInputStream());
            long headersAt = System.currentTimeMillis();
            out(tag + ".status", sse.statusCode());
            out(tag + ".version", sse.version());
            out(tag + ".contentType", sse.headers().firstValue("content-type").orElse("-"));
            try (BufferedReader r = new BufferedReader(new InputStreamReader(sse.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("data:") && !line.contains("\"sentAt\":")) {
                        out(tag + ".firstEventAfterMs", System.currentTimeMillis() - asked);
                    } else if (line.startsWith("data:")) {
                        long eventAt = System.currentTimeMillis();
                        int i = line.indexOf("\"sentAt\":");
                        long sentAt = Long.parseLong(line.substring(i + 9).replaceAll("[^0-9].*", ""));
                        out(tag + ".headersAfterMs", headersAt - asked);
                        out(tag + ".headersBeforeSendMs", sentAt - headersAt);
                        out(tag + ".eventLatencyMs", eventAt - sentAt);
                        break;
                    }
                }
            }
            });
        }

        section("upload", () -> {
        long size = 50L * 1024 * 1024;
        long t0 = System.nanoTime();
        HttpResponse<String> up = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/rehearsal/upload"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> zeros(size)), size))
                .build(), HttpResponse.BodyHandlers.ofString());
        out("upload.status", up.statusCode());
        out("upload.body", up.body().replace('\n', ' '));
        out("upload.ms", (System.nanoTime() - t0) / 1_000_000);
        });

        if (!httpBase.equals("-")) {
            section("redirect", () -> {
            HttpResponse<String> redirect = client.send(get(httpBase + "/"), HttpResponse.BodyHandlers.ofString());
            out("redirect.status", redirect.statusCode());
            out("redirect.location", redirect.headers().firstValue("location").orElse("-"));
            });
        }
        for (int i = 2; i < args.length; i++) {
            String[] hp = args[i].split(":");
            out("closed." + args[i], refuses(hp[0], Integer.parseInt(hp[1])));
        }
    }

    /** A group of requests whose failure is reported as {@code name.error} instead of ending the probe. */
    private interface Section {
        void run() throws Exception;
    }

    private static void section(String name, Section body) {
        try {
            body.run();
        } catch (Exception e) {
            out(name + ".error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static boolean refuses(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static InputStream zeros(long size) {
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                if (left <= 0) {
                    return -1;
                }
                left--;
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build();
    }

    private static void out(String key, Object value) {
        System.out.println(key.toLowerCase(Locale.ROOT) + "=" + value);
    }

    private static SSLContext trustAll() throws Exception {
        TrustManager tm = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {tm}, new SecureRandom());
        return ctx;
    }
}
