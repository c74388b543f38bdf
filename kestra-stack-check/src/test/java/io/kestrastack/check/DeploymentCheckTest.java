package io.kestrastack.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.StackConfigException;
import io.kestrastack.Violation;
import io.kestrastack.check.CheckResult.Status;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each check against a small in-JVM deployment ({@link FakeKestra}): once where it holds, once with the one thing it
 * guards broken. HTTP/2 is only seen failing here (the JDK's server speaks HTTP/1.1); the rehearsal tests see it pass
 * through Caddy and nginx.
 */
class DeploymentCheckTest {

    @TempDir
    static Path certs;

    static Path goodStore;
    static Path goodPem;
    static Path otherNameStore;
    static Path otherNamePem;
    static Path shortStore;
    static Path localStore;
    static Path localPem;
    static Path shortPem;

    @BeforeAll
    static void certificates() throws Exception {
        goodStore = keystore("good", FakeKestra.HOST, 90);
        localStore = keystore("local", "localhost", 90);
        localPem = pem("local");
        goodPem = pem("good");
        otherNameStore = keystore("other", "other.example.com", 90);
        otherNamePem = pem("other");
        shortStore = keystore("short", FakeKestra.HOST, 3);
        shortPem = pem("short");
    }

    private static Path keystore(String name, String host, int days) throws Exception {
        Path store = certs.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", "k", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + host, "-ext",
                "SAN=dns:" + host, "-validity", String.valueOf(days), "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit");
        return store;
    }

    private static Path pem(String name) throws Exception {
        Path pem = certs.resolve(name + ".pem");
        keytool("-exportcert", "-rfc", "-alias", "k", "-keystore", certs.resolve(name + ".p12").toString(), "-storepass",
                "changeit", "-file", pem.toString());
        return pem;
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    }

    private static DeploymentCheck check(FakeKestra k) {
        return DeploymentCheck.of(URI.create(k.url())).timeout(Duration.ofSeconds(5)).port("management", closedPort())
                .port("postgres", closedPort()).port("kestra", closedPort()).httpPort(closedPort());
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static CheckResult result(CheckReport r, String id) {
        return r.result(id).orElseThrow(() -> new AssertionError("no " + id + " in\n" + r.toText()));
    }

    private static void assertStatus(CheckReport r, String id, Status status, String measuredPart) {
        CheckResult c = result(r, id);
        assertEquals(status, c.status(), () -> id + " in\n" + r.toText());
        String text = c.measured() + " " + c.fix() + " " + c.reason();
        assertTrue(text.contains(measuredPart), () -> id + " does not mention '" + measuredPart + "':\n" + r.toText());
    }

    private static FakeKestra secureHeaders(FakeKestra k) {
        k.headers.put("X-Content-Type-Options", "nosniff");
        k.headers.put("X-Frame-Options", "SAMEORIGIN");
        k.headers.put("Strict-Transport-Security", "max-age=31536000");
        return k;
    }

    // ----------------------------------------------------------------------------------------------- edge

    @Test
    void aCertificateValidForTheHostAndTrustedByTheAnchorPassesWithItsDaysLeft() throws Exception {
        try (FakeKestra k = secureHeaders(FakeKestra.https("", goodStore))) {
            CheckReport r = check(k).trustAnchor(goodPem).run();
            assertStatus(r, "edge.tls-certificate", Status.PASS, "days left");
            assertTrue(result(r, "edge.tls-certificate").measured().matches(".* (89|90) days left.*"), r.toText());
            assertStatus(r, "edge.hsts", Status.PASS, "max-age=31536000");
            assertStatus(r, "edge.security-headers", Status.PASS, "nosniff");
        }
    }

    @Test
    void anUntrustedChainFailsAndNoCredentialsAreSentOverIt() throws Exception {
        try (FakeKestra k = secureHeaders(FakeKestra.https("", goodStore))) {
            CheckReport r = check(k).credentials(FakeKestra.USER, FakeKestra.PASSWORD.toCharArray()).run();
            assertStatus(r, "edge.tls-certificate", Status.FAIL, "--insecure-ca");
            assertStatus(r, "kestra.basic-auth", Status.PASS, "credentials not sent");
            assertStatus(r, "kestra.ui", Status.PASS, "401, asks for basic auth (no credentials sent)");
        }
    }

    @Test
    void aCertificateForAnotherHostFails() throws Exception {
        try (FakeKestra k = FakeKestra.https("", otherNameStore)) {
            CheckReport r = check(k).trustAnchor(otherNamePem).run();
            assertStatus(r, "edge.tls-certificate", Status.FAIL, "subject alternative names include kestra.test");
        }
    }

    @Test
    void aCertificateCloseToExpiryFailsUnlessFewerDaysAreAccepted() throws Exception {
        try (FakeKestra k = FakeKestra.https("", shortStore)) {
            assertStatus(check(k).trustAnchor(shortPem).run(), "edge.tls-certificate", Status.FAIL, "renew");
            assertStatus(check(k).trustAnchor(shortPem).minCertificateDays(1).run(), "edge.tls-certificate", Status.PASS,
                    "days left");
        }
    }

    /** Caddy's own CA issues 12-hour certificates and renews them itself: few days left is its normal state. */
    @Test
    void aShortLivedCertificateOfAnEdgeThatSignsItsOwnPassesWhenTheBundleSaysSo(@TempDir Path bundle) throws Exception {
        try (FakeKestra k = FakeKestra.https("", shortStore)) {
            writeBundle(bundle, "kestra/kestra:v2.0.5", k.url(), "", false);
            assertStatus(check(k).trustAnchor(shortPem).bundle(bundle).run(), "edge.tls-certificate", Status.FAIL, "renew");
            Path caddyfile = bundle.resolve("caddy/Caddyfile");
            Files.writeString(caddyfile, Files.readString(caddyfile).replace("{\n", "{\n\ttls internal\n"));
            assertStatus(check(k).trustAnchor(shortPem).bundle(bundle).run(), "edge.tls-certificate", Status.PASS,
                    "signs its own certificates");
        }
    }

    @Test
    void plainHttpMustRedirectToHttpsKeepingThePath() throws Exception {
        try (FakeKestra k = FakeKestra.https("/kestra", goodStore); FakeKestra plain = FakeKestra.http("/nothing")) {
            plain.headers.put("Location", "https://kestra.test:" + k.port() + "/kestra/kestra-stack-check/redirect?probe=1");
            CheckReport r = check(k).trustAnchor(goodPem).httpPort(plain.port()).run();
            assertStatus(r, "edge.http-redirect", Status.FAIL, "-> 404"); // the fake answers 404 with the header
            plain.server.removeContext("/");
            plain.server.createContext("/", x -> {
                x.getResponseHeaders().add("Location", "https://kestra.test:" + k.port() + x.getRequestURI());
                x.sendResponseHeaders(308, -1);
                x.close();
            });
            assertStatus(check(k).trustAnchor(goodPem).httpPort(plain.port()).run(), "edge.http-redirect", Status.PASS, "308");
            plain.server.removeContext("/");
            plain.server.createContext("/", x -> {
                x.getResponseHeaders().add("Location", "https://kestra.test:" + k.port() + "/");
                x.sendResponseHeaders(301, -1);
                x.close();
            });
            assertStatus(check(k).trustAnchor(goodPem).httpPort(plain.port()).run(), "edge.http-redirect", Status.FAIL,
                    "expected https://kestra.test:" + k.port() + "/kestra/kestra-stack-check/redirect?probe=1");
            assertStatus(check(k).trustAnchor(goodPem).run(), "edge.http-redirect", Status.FAIL, "publish port");
        }
    }

    @Test
    void hstsMustBeSentAndWithoutPreloadUnlessTheBundleAskedForIt(@TempDir Path bundle) throws Exception {
        try (FakeKestra k = FakeKestra.https("", goodStore)) {
            assertStatus(check(k).trustAnchor(goodPem).run(), "edge.hsts", Status.FAIL, "no Strict-Transport-Security");
            k.headers.put("Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload");
            assertStatus(check(k).trustAnchor(goodPem).run(), "edge.hsts", Status.FAIL, "drop preload");
            writeBundle(bundle, "kestra/kestra:v2.0.5", k.url(), "", true);
            assertStatus(check(k).trustAnchor(goodPem).bundle(bundle).run(), "edge.hsts", Status.PASS, "preload");
        }
        try (FakeKestra k = FakeKestra.https("", localStore)) {
            CheckReport r = DeploymentCheck.of(URI.create("https://localhost:" + k.port() + "/")).trustAnchor(localPem)
                    .timeout(Duration.ofSeconds(5)).run();
            assertStatus(r, "edge.tls-certificate", Status.PASS, "valid for localhost");
            assertStatus(r, "edge.hsts", Status.SKIPPED, "loopback host");
        }
    }

    @Test
    void missingSecurityHeadersFailNamingThem() throws Exception {
        try (FakeKestra k = FakeKestra.https("", goodStore)) {
            k.headers.put("X-Content-Type-Options", "nosniff");
            assertStatus(check(k).trustAnchor(goodPem).run(), "edge.security-headers", Status.FAIL, "missing X-Frame-Options");
        }
        try (FakeKestra k = FakeKestra.http("")) {
            CheckReport r = check(k).run();
            assertEquals(Status.SKIPPED, result(r, "edge.security-headers").status());
            assertEquals(Status.SKIPPED, result(r, "edge.tls-certificate").status());
        }
    }

    @Test
    void http2IsReportedMissingWhenOnlyHttp11IsNegotiated() throws Exception {
        try (FakeKestra k = FakeKestra.https("", goodStore)) {
            assertStatus(check(k).trustAnchor(goodPem).run(), "edge.http2", Status.FAIL, "negotiated HTTP_1_1");
        }
    }

    @Test
    void kestraAnsweringOutsideItsContextPathFails() throws Exception {
        try (FakeKestra k = FakeKestra.http("/kestra")) {
            assertStatus(check(k).run(), "edge.context-path", Status.PASS, "/ 404");
            k.rootLeaksKestra = true;
            assertStatus(check(k).run(), "edge.context-path", Status.FAIL, "/ -> 307 /ui/");
        }
    }

    // --------------------------------------------------------------------------------------------- kestra

    @Test
    void theUiAndApiAnswerUnderTheContextPathOrTheCheckFails() throws Exception {
        try (FakeKestra k = FakeKestra.http("/kestra")) {
            CheckReport ok = check(k).credentials(FakeKestra.USER, FakeKestra.PASSWORD.toCharArray()).run();
            assertStatus(ok, "kestra.ui", Status.PASS, "200");
            assertStatus(ok, "kestra.api", Status.PASS, "version 2.0.5");
            CheckReport wrongPath = DeploymentCheck.of(URI.create("http://kestra.test:" + k.port() + "/"))
                    .timeout(Duration.ofSeconds(5)).run();
            assertStatus(wrongPath, "kestra.ui", Status.FAIL, "404");
            assertStatus(wrongPath, "kestra.api", Status.FAIL, "404");
        }
    }

    @Test
    void basicAuthMustBeEnforcedAndAcceptTheGivenCredentials() throws Exception {
        try (FakeKestra k = FakeKestra.http("")) {
            assertStatus(check(k).credentials(FakeKestra.USER, FakeKestra.PASSWORD.toCharArray()).run(), "kestra.basic-auth",
                    Status.PASS, "without credentials 401, wrong password 401, given credentials 200");
            assertStatus(check(k).credentials(FakeKestra.USER, "not-it".toCharArray()).run(), "kestra.basic-auth",
                    Status.FAIL, "given credentials are refused");
            k.basicAuth = false;
            assertStatus(check(k).run(), "kestra.basic-auth", Status.FAIL, "open to anyone");
        }
    }

    @Test
    void theVersionMustBeTheBundlesImage(@TempDir Path bundle) throws Exception {
        try (FakeKestra k = FakeKestra.http("")) {
            writeBundle(bundle, "kestra/kestra:v2.0.5-no-plugins", k.url(), "", false);
            DeploymentCheck c = check(k).bundle(bundle).credentials(FakeKestra.USER, FakeKestra.PASSWORD.toCharArray());
            assertStatus(c.run(), "kestra.version", Status.PASS, "answered 2.0.5");
            k.version = "2.0.4";
            assertStatus(c.run(), "kestra.version", Status.FAIL, "answered 2.0.4, bundle image kestra/kestra:v2.0.5-no-plugins");
            assertStatus(check(k).run(), "kestra.version", Status.SKIPPED, "needs --bundle");
        }
    }

    // ------------------------------------------------------------------------------------------- exposure

    @Test
    void aReachableManagementPortFailsAndTheKestraPortIsSkippedWhenItIsThePublicOne() throws Exception {
        try (FakeKestra k = FakeKestra.http(""); ServerSocket management = new ServerSocket(0)) {
            CheckReport r = check(k).port("management", management.getLocalPort()).port("kestra", k.port()).run();
            assertStatus(r, "exposure.management-" + management.getLocalPort(), Status.FAIL, "accepts connections");
            assertEquals(Status.SKIPPED, result(r, "exposure.kestra-" + k.port()).status());
            assertTrue(r.results().stream().filter(c -> c.id().startsWith("exposure.postgres")).allMatch(c -> c.status() == Status.PASS));
        }
    }

    // -------------------------------------------------------------------------------------------- streams

    private static CheckReport probe(FakeKestra k) {
        return check(k).credentials(FakeKestra.USER, FakeKestra.PASSWORD.toCharArray()).sseProbe(true)
                .streamTimeout(Duration.ofSeconds(12)).run();
    }

    @Test
    void liveEventsPassAndTheProbeCleansUp() throws Exception {
        try (FakeKestra k = FakeKestra.http("/kestra")) {
            CheckReport r = probe(k);
            assertStatus(r, "streams.sse", Status.PASS, "5 of 5 lines");
            assertStatus(r, "kestra.public-url", Status.PASS, "execution url " + k.url() + "ui/main/executions/");
            assertStatus(r, "streams.cleanup", Status.PASS, "execution exec0 (SUCCESS) 204");
            assertTrue(k.flows.isEmpty() && k.executions.isEmpty(), k.deleted::toString);
            assertTrue(r.passed(), r::toText);
        }
    }

    @Test
    void aBufferedStreamFailsNamingBufferingAndStillCleansUp() throws Exception {
        try (FakeKestra k = FakeKestra.http("")) {
            k.stream = FakeKestra.Stream.BUFFERED;
            CheckReport r = probe(k);
            assertStatus(r, "streams.sse", Status.FAIL, "without compression too");
            assertStatus(r, "streams.sse", Status.FAIL, "cause: buffering");
            assertTrue(result(r, "streams.sse").measured().matches(".*5 of 5 lines; arrival after emission \\(ms\\): [45][0-9]{3},.*"),
                    r::toText);
            assertTrue(result(r, "streams.sse").fix().contains("proxy_buffering off"), r::toText);
            assertStatus(r, "streams.cleanup", Status.PASS, "204");
            assertTrue(k.flows.isEmpty() && k.executions.isEmpty(), k.deleted::toString);
            assertEquals(1, r.exitCode());
        }
    }

    @Test
    void aCompressedStreamThatStaysLivePassesAndOneThatCompressionHoldsBackFailsNamingCompression() throws Exception {
        try (FakeKestra k = FakeKestra.http("")) {
            k.stream = FakeKestra.Stream.GZIP_LIVE;
            assertStatus(probe(k), "streams.sse", Status.PASS, "Content-Encoding gzip, HTTP_1_1, headers after");
            k.stream = FakeKestra.Stream.GZIP_HELD;
            CheckReport r = probe(k);
            assertStatus(r, "streams.sse", Status.FAIL, "cause: compression holds the events back (Content-Encoding gzip)");
            assertTrue(result(r, "streams.sse").fix().contains("not path */follow"), r::toText);
            assertStatus(r, "streams.cleanup", Status.PASS, "execution exec1");
            assertTrue(k.flows.isEmpty() && k.executions.isEmpty(), k.deleted::toString);
        }
    }

    @Test
    void aCompressedStreamThatIsHeldWithoutCompressionTooIsBuffering() throws Exception {
        try (FakeKestra k = FakeKestra.http("")) {
            k.stream = FakeKestra.Stream.GZIP_BUFFERED;
            assertStatus(probe(k), "streams.sse", Status.FAIL, "without compression too");
        }
    }

    @Test
    void aProbeThatCannotDeleteWhatItCreatedFailsNamingTheNamespace() throws Exception {
        try (FakeKestra k = FakeKestra.http("")) {
            k.refuseDeletes = true;
            CheckReport r = probe(k);
            assertStatus(r, "streams.sse", Status.PASS, "5 of 5 lines");
            assertStatus(r, "streams.cleanup", Status.FAIL, "delete the namespace kestra-stack-check.p");
            assertTrue(result(r, "streams.cleanup").measured().contains(") 500, flow "), r::toText);
        }
    }

    @Test
    void aKestraUrlThatIsNotThePublicOneFails() throws Exception {
        try (FakeKestra k = FakeKestra.http("/kestra")) {
            k.kestraUrl = "http://localhost:8080/";
            assertStatus(probe(k), "kestra.public-url", Status.FAIL, "set kestra.url to " + k.url());
        }
    }

    // ------------------------------------------------------------------------------------ report, settings

    @Test
    void theReportNeverHoldsThePasswordAndItsJsonIsValid() throws Exception {
        try (FakeKestra k = FakeKestra.http("")) {
            DeploymentCheck c = check(k).credentials(FakeKestra.USER, FakeKestra.PASSWORD.toCharArray()).sseProbe(true)
                    .streamTimeout(Duration.ofSeconds(12));
            CheckReport r = c.run();
            for (String text : List.of(r.toText(), r.toJson(), r.toString(), c.toString())) {
                assertFalse(text.contains(FakeKestra.PASSWORD), text);
            }
            Object json = Json.parse(r.toJson());
            assertEquals(r.results().size(), ((List<?>) ((java.util.Map<?, ?>) json).get("results")).size());
            assertTrue(r.toText().contains(" passed, "), r.toText());
        }
    }

    @Test
    void badSettingsAreReportedAllAtOnce() {
        StackConfigException e = assertThrows(StackConfigException.class, () -> DeploymentCheck.of(URI.create("ftp://x/"))
                .sseProbe(true).timeout(Duration.ZERO).trustAnchor(Path.of("/no/such.pem")).run());
        assertEquals(List.of("url:invalid-url", "sseProbe:needs-credentials", "timeout:out-of-range", "trustAnchor:no-such-file"),
                e.violations().stream().map(v -> v.path() + ":" + v.code()).toList());
        assertTrue(e.violations().stream().map(Violation::fix).noneMatch(String::isBlank));
    }

    @Test
    void aBundleThatCannotBeReadIsASettingsProblemNotACrash(@TempDir Path bundle) throws IOException {
        Files.writeString(bundle.resolve("docker-compose.yml"), "services: [unclosed\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeploymentCheck.of(URI.create("https://kestra.test/")).bundle(bundle).run());
        assertTrue(e.getMessage().contains("not a readable bundle"), e.getMessage());
        Path empty = Files.createDirectories(bundle.resolve("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DeploymentCheck.of(URI.create("https://kestra.test/"))
                .bundle(empty).run()).getMessage().contains("has no docker-compose.yml"));
    }

    static void writeBundle(Path dir, String image, String url, String contextPath, boolean preload) throws IOException {
        Files.createDirectories(dir.resolve("caddy"));
        String config = "kestra:\n  url: " + url + "\n" + (contextPath.isEmpty() ? "" : "micronaut:\n  server:\n    context-path: "
                + contextPath + "\n");
        Files.writeString(dir.resolve("docker-compose.yml"), "services:\n  kestra:\n    image: " + image
                + "\n    command: server standalone\n    environment:\n      KESTRA_CONFIGURATION: |\n"
                + config.lines().map(l -> "        " + l + "\n").reduce("", String::concat));
        Files.writeString(dir.resolve("caddy/Caddyfile"), "localhost {\n\theader Strict-Transport-Security \"max-age=63072000"
                + (preload ? "; includeSubDomains; preload" : "") + "\"\n}\n");
    }
}
