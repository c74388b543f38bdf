package io.kestrastack.check;

import io.kestrastack.check.CheckResult.Group;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * One run of the checks. Kestra's API shapes used here, read in Kestra's source (webserver module, December 2024
 * snapshot, and the 1.x/2.x controllers where they differ):
 * <ul>
 *   <li>{@code MiscController#configuration}, {@code GET /api/v1{/tenant}/configs}: a {@code Configuration} with
 *       {@code version} (no URL of the instance);</li>
 *   <li>{@code AuthenticationFilter} ({@code @Filter("/**")}): without valid basic credentials every path except
 *       {@code kestra.server.basic-auth.open-urls} and management endpoints answers 401 with
 *       {@code WWW-Authenticate: Basic realm=...};</li>
 *   <li>{@code FlowController}, {@code GET /api/v1/{tenant}/flows/search}: a read-only call behind basic auth;</li>
 *   <li>{@code RedirectController}: Kestra answers its root with a temporary redirect to {@code <context-path>/ui/}.</li>
 * </ul>
 */
final class CheckRun {

    private static final String NO_PRELOAD_FIX = "drop preload from Strict-Transport-Security (or generate the bundle"
            + " with HSTS preload if the whole domain is meant to be on browsers' preload lists)";

    private final URI url;
    private final String base;
    private final String origin;
    private final String host;
    private final int port;
    private final String contextPath;
    private final @Nullable BundleFacts facts;
    private final @Nullable String user;
    private final char @Nullable [] password;
    private final boolean sseProbe;
    private final Duration streamTimeout;
    private final int minCertificateDays;
    private final Map<String, Integer> ports;
    private final int httpPort;
    private final Web web;
    private final boolean https;
    private final List<CheckResult> results = new ArrayList<>();
    private boolean verified;
    private @Nullable String kestraVersion;

    CheckRun(URI url, @Nullable BundleFacts facts, @Nullable String user, char @Nullable [] password,
            @Nullable Path trustAnchor, boolean sseProbe, Duration timeout, Duration streamTimeout, int minCertificateDays,
            Map<String, Integer> ports, int httpPort) {
        this.url = url;
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        this.contextPath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.https = url.getScheme().equals("https");
        this.host = url.getHost();
        this.port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        this.origin = url.getScheme() + "://" + url.getRawAuthority();
        this.base = origin + contextPath + "/";
        this.facts = facts;
        this.user = user;
        this.password = password;
        this.sseProbe = sseProbe;
        this.streamTimeout = streamTimeout;
        this.minCertificateDays = minCertificateDays;
        this.ports = ports;
        this.httpPort = httpPort;
        this.web = new Web(trustAnchor, timeout);
    }

    List<CheckResult> run() {
        verified = !https;
        if (https) {
            certificate();
            redirect();
        } else {
            for (String id : List.of("edge.tls-certificate", "edge.http-redirect", "edge.hsts", "edge.http2")) {
                results.add(CheckResult.skip(id, Group.EDGE, "TLS, its redirect, HSTS and HTTP/2 of the edge",
                        "the URL is plain http: nothing protects the password and sessions on the way"));
            }
        }
        Web.Reply ui = ui();
        if (https) {
            hsts(ui);
            http2(ui);
            securityHeaders(ui);
        } else {
            results.add(CheckResult.skip("edge.security-headers", Group.EDGE, "the edge sends X-Content-Type-Options and"
                    + " X-Frame-Options", "the URL is plain http: no TLS edge in front of Kestra to send them"));
        }
        contextPath();
        api();
        basicAuth();
        version();
        exposure();
        if (sseProbe && user != null && password != null) {
            if (!verified) {
                results.add(CheckResult.skip("streams.sse", Group.STREAMS, "server-sent events reach the browser as they are"
                        + " emitted", "the certificate was not verified, so no credentials are sent"));
                results.add(CheckResult.skip("kestra.public-url", Group.KESTRA, PUBLIC_URL, "the certificate was not verified,"
                        + " so no credentials are sent"));
            } else {
                StreamProbe probe = new StreamProbe(web, base, authorization(), streamTimeout);
                results.addAll(probe.run(this::publicUrl));
            }
        } else {
            results.add(CheckResult.skip("kestra.public-url", Group.KESTRA, PUBLIC_URL,
                    "Kestra reports its URL in the executions it creates: needs --sse-probe"));
            results.add(CheckResult.skip("streams.sse", Group.STREAMS, "server-sent events reach the browser as they are"
                    + " emitted", "needs --sse-probe (and credentials)"));
        }
        List<CheckResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparing(CheckResult::group));
        return sorted;
    }

    private static final String PUBLIC_URL = "the URL Kestra reports for itself is the public URL (https, public host,"
            + " context path)";

    // ------------------------------------------------------------------------------------------------ edge

    private void certificate() {
        String id = "edge.tls-certificate";
        String what = "the certificate is valid for " + host + ", its chain is trusted and it does not expire soon";
        try {
            X509Certificate leaf = handshake(web.verifying, true);
            verified = true;
            long days = Duration.between(Instant.now(), leaf.getNotAfter().toInstant()).toDays();
            String measured = "valid for " + host + ", trusted, " + days + " days left (until " + leaf.getNotAfter().toInstant()
                    + "), issuer " + leaf.getIssuerX500Principal().getName();
            if (facts != null && facts.ownCertificate()) {
                // Caddy's own CA issues 12-hour certificates and renews them itself: only expiry would be a fault.
                results.add(CheckResult.pass(id, Group.EDGE, what, measured + "; the bundle's edge signs its own"
                        + " certificates (Caddy tls internal), which live hours and renew themselves, so --min-cert-days"
                        + " does not apply"));
            } else if (days < minCertificateDays) {
                results.add(CheckResult.fail(id, Group.EDGE, what, measured, "renew the certificate (renewal should"
                        + " happen 30 days before expiry; check the ACME client's logs)"));
            } else {
                results.add(CheckResult.pass(id, Group.EDGE, what, measured));
            }
        } catch (IOException e) {
            String cause = Web.describe(e);
            String seen = "";
            try {
                X509Certificate leaf = handshake(trustingAll(), false);
                seen = "; served: subject " + leaf.getSubjectX500Principal().getName() + ", issuer "
                        + leaf.getIssuerX500Principal().getName() + ", until " + leaf.getNotAfter().toInstant();
            } catch (IOException ignored) {
                // nothing more to say than the first failure
            }
            String lower = cause.toLowerCase(Locale.ROOT);
            String fix = lower.contains("no subject alternative") || lower.contains("no name matching")
                    ? "serve a certificate whose subject alternative names include " + host
                    : lower.contains("expired") || lower.contains("validity")
                    ? "renew the certificate"
                    : lower.contains("pkix") || lower.contains("certification path")
                    ? "serve the full chain from a public CA, or pass the private CA with --insecure-ca FILE"
                    : "make " + host + ":" + port + " answer TLS";
            results.add(CheckResult.fail(id, Group.EDGE, what, cause + seen, fix));
        }
    }

    private X509Certificate handshake(SSLContext context, boolean identify) throws IOException {
        int ms = (int) web.timeout.toMillis();
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(host, port), ms);
            raw.setSoTimeout(ms);
            try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(raw, host, port, false)) {
                SSLParameters p = s.getSSLParameters();
                if (identify) {
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                }
                if (!host.matches("[0-9.]+|.*:.*")) {
                    p.setServerNames(List.of(new SNIHostName(host)));
                }
                s.setSSLParameters(p);
                s.startHandshake();
                return (X509Certificate) s.getSession().getPeerCertificates()[0];
            }
        }
    }

    private static SSLContext trustingAll() throws IOException {
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, new javax.net.ssl.TrustManager[] {new Web.TrustingAll()}, new java.security.SecureRandom());
            return c;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private void redirect() {
        String id = "edge.http-redirect";
        String what = "plain HTTP redirects to HTTPS on the same host, keeping the path";
        String path = contextPath + "/kestra-stack-check/redirect?probe=1";
        URI plain = URI.create("http://" + host + (httpPort == 80 ? "" : ":" + httpPort) + path);
        try {
            Web.Reply r = web.send(web.client, web.request(plain).GET().build());
            String location = r.header("location");
            String expected = "https://" + host + (port == 443 ? "" : ":" + port) + path;
            String measured = "GET " + plain + " -> " + r.status() + (location.isEmpty() ? "" : " " + location);
            boolean redirects = r.status() == 301 || r.status() == 302 || r.status() == 307 || r.status() == 308;
            if (redirects && location.equals(expected)) {
                results.add(CheckResult.pass(id, Group.EDGE, what, measured));
            } else if (redirects && location.startsWith("https://" + host)) {
                results.add(CheckResult.fail(id, Group.EDGE, what, measured + " (expected " + expected + ")",
                        "redirect to https://$host$request_uri (nginx) or let Caddy's automatic HTTPS redirect"));
            } else {
                results.add(CheckResult.fail(id, Group.EDGE, what, measured, "answer port " + httpPort
                        + " with a permanent redirect to https://" + host + " keeping the path and query"));
            }
        } catch (IOException e) {
            results.add(CheckResult.fail(id, Group.EDGE, what, "http://" + host + ":" + httpPort + " -> " + Web.describe(e),
                    "publish port " + httpPort + " on the edge and redirect it to HTTPS (people type the bare host)"));
        }
    }

    private void hsts(Web.@Nullable Reply ui) {
        String id = "edge.hsts";
        boolean preloadWanted = facts != null && facts.hstsPreload();
        String what = "Strict-Transport-Security is sent" + (preloadWanted ? "" : ", without preload");
        if (ui == null) {
            results.add(CheckResult.fail(id, Group.EDGE, what, "the UI did not answer", "see kestra.ui"));
            return;
        }
        String h = ui.header("strict-transport-security");
        if (h.isEmpty() && loopback()) {
            results.add(CheckResult.skip(id, Group.EDGE, what, host + " is a loopback host: HSTS there would make browsers"
                    + " refuse plain HTTP to every other local service on that name (kestra-stack sends none)"));
        } else if (h.isEmpty()) {
            results.add(CheckResult.fail(id, Group.EDGE, what, "no Strict-Transport-Security header on " + base + "ui/",
                    "send Strict-Transport-Security: max-age=31536000 from the edge"));
        } else if (!h.toLowerCase(Locale.ROOT).matches(".*max-age=[1-9][0-9]*.*")) {
            results.add(CheckResult.fail(id, Group.EDGE, what, "Strict-Transport-Security: " + h,
                    "give a positive max-age, e.g. max-age=31536000"));
        } else if (h.toLowerCase(Locale.ROOT).contains("preload") && !preloadWanted) {
            results.add(CheckResult.fail(id, Group.EDGE, what, "Strict-Transport-Security: " + h
                    + (facts == null ? " (no --bundle asking for preload)" : " (the bundle does not ask for preload)"),
                    NO_PRELOAD_FIX));
        } else {
            results.add(CheckResult.pass(id, Group.EDGE, what, "Strict-Transport-Security: " + h));
        }
    }

    private void http2(Web.@Nullable Reply ui) {
        String id = "edge.http2";
        String what = "HTTP/2 is offered (ALPN h2): the UI's several event streams do not exhaust HTTP/1.1's six"
                + " connections per host";
        if (ui == null) {
            results.add(CheckResult.fail(id, Group.EDGE, what, "the UI did not answer", "see kestra.ui"));
        } else if (ui.version() == HttpClient.Version.HTTP_2) {
            results.add(CheckResult.pass(id, Group.EDGE, what, "negotiated HTTP/2"));
        } else {
            results.add(CheckResult.fail(id, Group.EDGE, what, "negotiated " + ui.version() + " though h2 was offered",
                    "enable HTTP/2 on the TLS listener (nginx: http2 on; Caddy does by default)"));
        }
    }

    private void securityHeaders(Web.@Nullable Reply ui) {
        String id = "edge.security-headers";
        String what = "X-Content-Type-Options: nosniff and X-Frame-Options (or a CSP frame-ancestors) are sent";
        if (ui == null) {
            results.add(CheckResult.fail(id, Group.EDGE, what, "the UI did not answer", "see kestra.ui"));
            return;
        }
        List<String> missing = new ArrayList<>();
        if (!ui.header("x-content-type-options").equalsIgnoreCase("nosniff")) {
            missing.add("X-Content-Type-Options: nosniff");
        }
        if (ui.header("x-frame-options").isEmpty() && !ui.header("content-security-policy").contains("frame-ancestors")) {
            missing.add("X-Frame-Options");
        }
        String measured = "X-Content-Type-Options=" + orDash(ui.header("x-content-type-options")) + ", X-Frame-Options="
                + orDash(ui.header("x-frame-options")) + ", Referrer-Policy=" + orDash(ui.header("referrer-policy"));
        if (missing.isEmpty()) {
            results.add(CheckResult.pass(id, Group.EDGE, what, measured));
        } else {
            results.add(CheckResult.fail(id, Group.EDGE, what, measured + "; missing " + String.join(", ", missing),
                    "add the headers at the edge (nginx: add_header ... always; Caddy: header { ... })"));
        }
    }

    private void contextPath() {
        String id = "edge.context-path";
        String expected = facts != null ? facts.contextPath() : contextPath;
        String what = "Kestra is served under " + (expected.isEmpty() ? "/" : expected) + " only: / outside it does not"
                + " lead to Kestra";
        if (facts != null && !facts.contextPath().equals(contextPath)) {
            results.add(CheckResult.fail(id, Group.EDGE, what, "the URL's path is " + (contextPath.isEmpty() ? "/" : contextPath)
                    + " but the bundle's context path is " + (expected.isEmpty() ? "/" : expected),
                    "check the URL the bundle serves: " + facts.publicUrl()));
            return;
        }
        if (expected.isEmpty()) {
            results.add(CheckResult.skip(id, Group.EDGE, what, "Kestra is served at the root: there is no outside"));
            return;
        }
        List<String> leaks = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String p : List.of("/", "/ui/", "/api/v1/configs")) {
            try {
                Web.Reply r = web.send(verified ? web.client : web.lenient, web.request(URI.create(origin + p)).GET().build());
                String location = r.header("location");
                seen.add(p + " " + r.status());
                boolean kestra = r.status() / 100 == 2 && r.body().toLowerCase(Locale.ROOT).contains("kestra")
                        || location.equals("/ui/") || location.endsWith("://" + url.getRawAuthority() + "/ui/")
                        || r.status() == 401 && r.header("www-authenticate").toLowerCase(Locale.ROOT).startsWith("basic");
                if (kestra) {
                    leaks.add(p + " -> " + r.status() + (location.isEmpty() ? "" : " " + location));
                }
            } catch (IOException e) {
                seen.add(p + " " + Web.describe(e));
            }
        }
        if (leaks.isEmpty()) {
            results.add(CheckResult.pass(id, Group.EDGE, what, String.join(", ", seen)));
        } else {
            results.add(CheckResult.fail(id, Group.EDGE, what, "Kestra answers outside " + expected + ": "
                    + String.join(", ", leaks), "route only " + expected + "/* to Kestra at the edge (Caddy: handle "
                    + expected + "*; nginx: location " + expected + "/) and answer everything else with 404"));
        }
    }

    // ---------------------------------------------------------------------------------------------- kestra

    private Web.@Nullable Reply ui() {
        String id = "kestra.ui";
        String what = "Kestra's UI answers at " + base + "ui/";
        try {
            Web.Reply r = get(URI.create(base + "ui/"), true);
            if (r.status() == 200) {
                results.add(CheckResult.pass(id, Group.KESTRA, what, "200 in " + r.millis() + " ms over " + r.version()));
            } else if (r.status() == 401 && !canAuthenticate()) {
                results.add(CheckResult.pass(id, Group.KESTRA, what, "401, asks for basic auth (no credentials sent)"));
            } else {
                results.add(CheckResult.fail(id, Group.KESTRA, what, r.status() + " " + snippet(r.body()),
                        "route " + (contextPath.isEmpty() ? "/" : contextPath + "/") + "* to Kestra without stripping the"
                                + " prefix, and set micronaut.server.context-path to " + (contextPath.isEmpty() ? "nothing" : contextPath)));
            }
            return r;
        } catch (IOException e) {
            results.add(CheckResult.fail(id, Group.KESTRA, what, Web.describe(e), "make the edge answer " + base));
            return null;
        }
    }

    private void api() {
        String id = "kestra.api";
        String what = "Kestra's API answers under the context path (" + base + "api/v1/configs)";
        try {
            Web.Reply r = get(URI.create(base + "api/v1/configs"), true);
            if (r.status() == 404) {
                r = get(URI.create(base + "api/v1/main/configs"), true);
            }
            if (r.status() == 200) {
                Object json = Json.parse(r.body());
                kestraVersion = Json.field(json, "version");
                results.add(CheckResult.pass(id, Group.KESTRA, what, "200, version " + kestraVersion));
            } else if (r.status() == 401 && !canAuthenticate()) {
                results.add(CheckResult.pass(id, Group.KESTRA, what, "401, asks for basic auth (no credentials sent)"));
            } else {
                results.add(CheckResult.fail(id, Group.KESTRA, what, r.status() + " " + snippet(r.body()),
                        "route " + base + "api/ to Kestra unchanged"));
            }
        } catch (IOException | IllegalArgumentException e) {
            results.add(CheckResult.fail(id, Group.KESTRA, what, Web.describe(e), "route " + base + "api/ to Kestra"));
        }
    }

    private void basicAuth() {
        String id = "kestra.basic-auth";
        String what = "the API refuses requests without valid credentials" + (user == null ? "" : " and accepts the given ones");
        URI search = URI.create(base + "api/v1/main/flows/search?size=1");
        try {
            HttpClient c = verified ? web.client : web.lenient;
            Web.Reply anonymous = web.send(c, web.request(search).GET().build());
            if (anonymous.status() == 404) {
                search = URI.create(base + "api/v1/flows/search?size=1");
                anonymous = web.send(c, web.request(search).GET().build());
            }
            String measured = "without credentials " + anonymous.status();
            if (anonymous.status() != 401) {
                results.add(CheckResult.fail(id, Group.KESTRA, what, measured + " on " + search.getRawPath(),
                        anonymous.status() / 100 == 2
                                ? "set kestra.server.basic-auth.username and .password: the API is open to anyone"
                                : "route the API to Kestra"));
                return;
            }
            if (!canAuthenticate()) {
                results.add(CheckResult.pass(id, Group.KESTRA, what, measured + (user == null ? "; no credentials given"
                        : "; credentials not sent: the certificate was not verified")));
                return;
            }
            Web.Reply wrong = web.send(c, web.request(search).header("Authorization", basic(user, "kestra-stack-check-wrong"))
                    .GET().build());
            Web.Reply right = web.send(c, web.request(search).header("Authorization", authorization()).GET().build());
            measured += ", wrong password " + wrong.status() + ", given credentials " + right.status();
            if (wrong.status() != 401) {
                results.add(CheckResult.fail(id, Group.KESTRA, what, measured, "the API accepts a wrong password: check"
                        + " kestra.server.basic-auth"));
            } else if (right.status() != 200) {
                results.add(CheckResult.fail(id, Group.KESTRA, what, measured, "the given credentials are refused: use"
                        + " the BASIC_AUTH_PASSWORD of the bundle's .env and the kestra.server.basic-auth.username"));
            } else {
                results.add(CheckResult.pass(id, Group.KESTRA, what, measured));
            }
        } catch (IOException e) {
            results.add(CheckResult.fail(id, Group.KESTRA, what, Web.describe(e), "route " + base + "api/ to Kestra"));
        }
    }

    private void version() {
        String id = "kestra.version";
        String what = "the Kestra version answered is the bundle's image";
        Optional<String> expected = facts == null ? Optional.empty() : facts.imageVersion();
        if (facts == null) {
            results.add(CheckResult.skip(id, Group.KESTRA, what, "needs --bundle"));
        } else if (expected.isEmpty()) {
            results.add(CheckResult.skip(id, Group.KESTRA, what, "the bundle's image " + facts.image() + " names no version"));
        } else if (kestraVersion == null) {
            results.add(CheckResult.skip(id, Group.KESTRA, what, "the configuration endpoint gave no version"
                    + (canAuthenticate() ? "" : " (it may need credentials)")));
        } else {
            String answered = kestraVersion.startsWith("v") ? kestraVersion.substring(1) : kestraVersion;
            String measured = "answered " + kestraVersion + ", bundle image " + facts.image();
            if (answered.equals(expected.get()) || answered.startsWith(expected.get() + "-")
                    || answered.startsWith(expected.get() + "+")) {
                results.add(CheckResult.pass(id, Group.KESTRA, what, measured));
            } else {
                results.add(CheckResult.fail(id, Group.KESTRA, what, measured, "recreate Kestra from the bundle"
                        + " (docker compose up -d kestra) or regenerate the bundle for the running version"));
            }
        }
    }

    /** Checks the execution URL Kestra answered ({@code ExecutionController.ExecutionResponse#url}). */
    private CheckResult publicUrl(@Nullable String reported) {
        String id = "kestra.public-url";
        if (reported == null) {
            return CheckResult.fail(id, Group.KESTRA, PUBLIC_URL, "the execution answered no url",
                    "set kestra.url to " + base);
        }
        String expectedBase = facts != null && facts.publicUrl() != null ? strip(facts.publicUrl().toString()) : strip(base);
        String measured = "execution url " + reported;
        if (facts != null && facts.publicUrl() != null && !strip(facts.publicUrl().toString()).equals(strip(base))) {
            return CheckResult.fail(id, Group.KESTRA, PUBLIC_URL, measured + "; the bundle's kestra.url is "
                    + facts.publicUrl() + " but " + base + " was checked", "check the URL given to check, or regenerate"
                    + " the bundle with the public address");
        }
        if (reported.startsWith(expectedBase + "/ui/")) {
            return CheckResult.pass(id, Group.KESTRA, PUBLIC_URL, measured);
        }
        return CheckResult.fail(id, Group.KESTRA, PUBLIC_URL, measured + " (expected " + expectedBase + "/ui/...)",
                "set kestra.url to " + expectedBase + "/ (https, the public host, the context path): links in"
                        + " notifications are built from it");
    }

    // -------------------------------------------------------------------------------------------- exposure

    private void exposure() {
        Duration within = web.timeout.compareTo(Duration.ofSeconds(3)) < 0 ? web.timeout : Duration.ofSeconds(3);
        for (Map.Entry<String, Integer> e : ports.entrySet()) {
            int p = e.getValue();
            String id = "exposure." + e.getKey() + "-" + p;
            String what = switch (e.getKey()) {
                case "management" -> "Kestra's management port " + p + " (health, metrics, and /env in 1.x) is not reachable"
                        + " on " + host;
                case "postgres" -> "PostgreSQL's port " + p + " is not reachable on " + host;
                default -> "Kestra's own HTTP port " + p + " (bypassing the edge) is not reachable on " + host;
            };
            if (e.getKey().equals("kestra") && p == port) {
                results.add(CheckResult.skip(id, Group.EXPOSURE, what, "it is the public port itself"));
                continue;
            }
            if (Web.closed(host, p, within)) {
                results.add(CheckResult.pass(id, Group.EXPOSURE, what, host + ":" + p + " refused or silent within "
                        + within.toMillis() + " ms"));
            } else {
                results.add(CheckResult.fail(id, Group.EXPOSURE, what, host + ":" + p + " accepts connections",
                        "remove the port from the service's ports: in docker-compose.yml (or bind it to 127.0.0.1), and"
                                + " close it in the firewall"));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ util

    /** As {@code PublicAddress#isLoopback}: localhost, *.localhost, 127.x.y.z. */
    private boolean loopback() {
        try {
            return io.kestrastack.PublicAddress.parse(url.getScheme() + "://" + url.getRawAuthority()).isLoopback();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean canAuthenticate() {
        return user != null && password != null && verified;
    }

    private Web.Reply get(URI uri, boolean auth) throws IOException {
        HttpRequest.Builder b = web.request(uri).GET();
        if (auth && canAuthenticate()) {
            b.header("Authorization", authorization());
        }
        return web.send(verified ? web.client : web.lenient, b.build());
    }

    private String authorization() {
        if (user == null || password == null) {
            throw new IllegalStateException("no credentials");
        }
        java.nio.ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        String header = basic(user, new String(raw, StandardCharsets.UTF_8));
        java.util.Arrays.fill(raw, (byte) 0);
        return header;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String strip(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String orDash(String s) {
        return s.isEmpty() ? "-" : s;
    }

    private static String snippet(String body) {
        String s = body.replaceAll("\\s+", " ").trim();
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
