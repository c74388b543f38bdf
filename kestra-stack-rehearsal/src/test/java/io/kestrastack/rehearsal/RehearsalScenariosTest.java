package io.kestrastack.rehearsal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.ConfigDelivery;
import io.kestrastack.KestraLine;
import io.kestrastack.Monitoring;
import io.kestrastack.Secret;
import io.kestrastack.Stack;
import io.kestrastack.bundle.StackBundle;
import io.kestrastack.proxy.CaddyEdge;
import io.kestrastack.proxy.NginxEdge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each scenario renders a bundle with the library's own API ({@code StackBundle.of(stack).writeTo(dir)}) and
 * rehearses it for real: Compose's parser, namespaces, PostgreSQL, the edge, the Micronaut stand-in, the probe
 * from outside and the backup restore. Runs as root (namespaces); the programs come from .ci/install-tools.
 */
class RehearsalScenariosTest {

    private static final String ADMIN = "admin@example.com";

    /**
     * This machine's nginx is Debian's 1.22, which does not know {@code http2 on;} (nginx 1.25.1+), the form the
     * renderer emits for the default nginx:1.30 image. The nginx scenarios pin an image before 1.25.1 so that the
     * rendered configuration is the one the rehearsed nginx understands ({@code listen 443 ssl http2;}).
     */
    private static final String NGINX_LIKE_THIS_MACHINE = "nginx:1.24.0";

    @TempDir
    Path dir;

    /** A stack builder with a name and, where a test sets no Kestra options, the basic-auth user. */
    private static Stack.Builder base(String name) {
        return Stack.builder().name(name).kestra(k -> k.username(ADMIN));
    }

    private Log rehearse(Stack stack) {
        return rehearse(stack, UnaryOperator.identity(), Rehearsal.DEFAULT_TIME_SCALE);
    }

    /** Rehearses {@code stack} and hands it, while up, to {@code whileUp}. */
    private Log rehearse(Stack stack, java.util.function.Consumer<RunningStack> whileUp) {
        Path bundle = dir.resolve(stack.name());
        StackBundle.of(stack).writeTo(bundle);
        Log log = new Log(System.out, stack.name());
        new Rehearsal(bundle, log, Rehearsal.DEFAULT_TIME_SCALE, false).run(whileUp);
        return log;
    }

    private Log rehearse(Stack stack, UnaryOperator<String> editCompose, double timeScale) {
        return rehearse(stack, editCompose, timeScale, new Log(System.out, stack.name()));
    }

    private Log rehearse(Stack stack, UnaryOperator<String> editCompose, double timeScale, Log log) {
        Path bundle = dir.resolve(stack.name());
        StackBundle.of(stack).writeTo(bundle);
        edit(bundle.resolve("docker-compose.yml"), editCompose);
        new Rehearsal(bundle, log, timeScale, false).run();
        return log;
    }

    private static void edit(Path file, UnaryOperator<String> edit) {
        try {
            Files.writeString(file, edit.apply(Files.readString(file)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The namespaces the teardown names are gone, and so is every process that ran in them. */
    private static void assertNothingLeftBehind(Log log) {
        String teardown = log.lines().stream().filter(l -> l.contains("teardown:")).findFirst()
                .orElseThrow(() -> new AssertionError("no teardown in\n" + String.join("\n", log.lines())));
        int from = teardown.indexOf("namespaces [") + "namespaces [".length();
        String names = teardown.substring(from, teardown.indexOf(']', from));
        Exec.Result list = Exec.run(List.of("ip", "netns", "list"), java.util.Map.of(), Path.of("/"), java.time.Duration.ofSeconds(10));
        for (String ns : names.split(", ")) {
            assertTrue(ns.startsWith("ks") && !list.stdout().contains(ns), () -> ns + " is still there:\n" + list.stdout());
        }
    }

    /**
     * Runs {@code kestra-stack check} from outside (a separate JVM in the host namespace, where the public host
     * resolves to the published ports), with the stream probe, the bundle, and the basic-auth password read from the
     * bundle's {@code .env} by the shell: it never appears on a command line.
     */
    private static Exec.Result check(RunningStack running) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = new java.util.ArrayList<>(List.of("/bin/sh", "-c", "set -a; . \"$1\"; set +a; shift; exec \"$@\"",
                "ks", running.bundle().resolve(".env").toString(), java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "io.kestrastack.cli.Main", "check", running.publicUrl().toString(),
                "--bundle", running.bundle().toString(), "--user", ADMIN, "--password-env", "BASIC_AUTH_PASSWORD",
                "--sse-probe"));
        running.trustAnchor().ifPresent(a -> argv.addAll(List.of("--insecure-ca", a.toString())));
        long t0 = System.nanoTime();
        Exec.Result r = running.outside(argv, Duration.ofSeconds(120));
        running.log().note("check from outside: exit " + r.exitCode() + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms\n"
                + r.stdout());
        return r;
    }

    /** The check's exit code is {@code exit} and its text report holds every line part given. */
    private static void assertCheck(Exec.Result r, int exit, String... parts) {
        assertTrue(r.exitCode() == exit, () -> "check exited " + r.exitCode() + ", not " + exit + ":\n" + r.output());
        for (String part : parts) {
            assertTrue(r.stdout().contains(part), () -> "'" + part + "' not in the check's report:\n" + r.output());
        }
    }

    private static void assertLogged(Log log, String text) {
        assertTrue(log.lines().stream().anyMatch(l -> l.contains(text)), () -> "no line with '" + text + "' in\n"
                + String.join("\n", log.lines()));
    }

    @Test
    void caddyOnTheRootPathWithInternalTlsServesEverythingItPromises() {
        Stack stack = base("rh-caddy-root").publicAddress("https://localhost")
                .edge(CaddyEdge.builder().tls(CaddyEdge.Tls.internal())).build();
        Path bundle = dir.resolve(stack.name());
        StackBundle.of(stack).writeTo(bundle);
        Log log = new Log(System.out, stack.name());
        new Rehearsal(bundle, log, Rehearsal.DEFAULT_TIME_SCALE, false).run(running -> {
            // The running stack plays the Docker host's parts: a verifying client outside, exec and recreate.
            Path anchor = running.trustAnchor().orElseThrow(() -> new AssertionError("no trust anchor for Caddy's internal CA"));
            Exec.Result verified = running.outside(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                    "--cacert", anchor.toString(), "https://localhost/ui/"), java.time.Duration.ofSeconds(30));
            assertTrue(verified.ok() && verified.stdout().equals("200"), () -> "curl verifying with " + anchor + ": " + verified.output());
            Exec.Result unverified = running.outside(List.of("curl", "-sS", "-o", "/dev/null", "https://localhost/ui/"),
                    java.time.Duration.ofSeconds(30));
            assertTrue(!unverified.ok(), () -> "curl trusted Caddy's internal CA without being told: " + unverified.output());
            Exec.Result inside = running.exec("postgres", List.of("psql", "-tA", "-U", "kestra", "-d", "kestra", "-c",
                    "select count(*) from rehearsal_seed"), null, java.time.Duration.ofSeconds(30));
            assertTrue(inside.ok() && inside.stdout().strip().equals("3"), () -> "exec in postgres: " + inside.output());
            running.recreate(List.of("kestra"));
            // HSTS is not sent for a loopback host (ProxySettings#headersFor), and the check does not expect it there.
            assertCheck(check(running), 0, "PASS edge.tls-certificate", "PASS edge.http-redirect", "SKIP edge.hsts",
                    "PASS edge.http2", "PASS kestra.basic-auth", "PASS kestra.version", "PASS kestra.public-url",
                    "PASS streams.sse", "PASS streams.cleanup", "0 failed");
            // Caddy's encode over every text response, the event stream included: measured harmless for Kestra's log
            // stream on Caddy 2.6.2. Micronaut (Kestra's server) gzips text/event-stream itself for a client that
            // accepts gzip and flushes each event, and Caddy passes that on; the check must still pass.
            edit(running.bundle().resolve("caddy/Caddyfile"), c -> c.replaceAll(
                    "(?s)\t@compressible not path[^\n]*\n\tencode @compressible zstd gzip \\{.*?\n\t}\n",
                    "\tencode gzip {\n\t\tmatch {\n\t\t\theader Content-Type text/*\n\t\t}\n\t}\n"));
            running.recreate(List.of("caddy"));
            assertCheck(check(running), 0, "PASS streams.sse", "Content-Encoding gzip", "0 failed");
        });
        assertLogged(log, "URL echo shows path /api/v1/rehearsal/url");
        assertLogged(log, "kestra: recreated with the bundle's current .env");
        assertLogged(log, "backup restores");
    }

    @Test
    void caddyUnderKestraKeepsTheContextPathEndToEnd() {
        Log log = rehearse(base("rh-caddy-kestra").publicAddress("https://localhost").contextPath("/kestra")
                .edge(CaddyEdge.builder().tls(CaddyEdge.Tls.internal())).build(), running -> {
            assertCheck(check(running), 0, "PASS edge.context-path", "PASS kestra.ui", "PASS kestra.public-url",
                    "PASS streams.sse", "PASS exposure.management-8081", "0 failed");
            // Broken on purpose: the management port published on every address, then Kestra recreated.
            edit(running.bundle().resolve("docker-compose.yml"), c -> c.replace("    stop_grace_period: \"6m\"\n",
                    "    stop_grace_period: \"6m\"\n    ports:\n      - \"0.0.0.0:8081:8081\"\n"));
            running.recreate(List.of("kestra"));
            assertCheck(check(running), 1, "FAIL exposure.management-8081", "localhost:8081 accepts connections", "1 failed");
        });
        assertLogged(log, "URL echo shows path /kestra/api/v1/rehearsal/url (context path kept, not doubled)");
        assertLogged(log, "http://localhost:8081/kestra/health/readiness");
    }

    @Test
    void nginxUnderKestraWithCertificateFilesServesEverythingItPromises() {
        Log log = rehearse(base("rh-nginx-kestra").publicAddress("https://ops.example.com")
                .contextPath("/kestra")
                .edge(NginxEdge.builder().image(NGINX_LIKE_THIS_MACHINE).tls(NginxEdge.Tls.files("./certs/fullchain.pem", "./certs/privkey.pem"))).build(),
                running -> {
            assertCheck(check(running), 0, "PASS edge.tls-certificate", "PASS edge.http-redirect", "PASS edge.http2",
                    "PASS edge.context-path", "PASS streams.sse", "0 failed");
            // nginx's proxy_buffering on alone: measured harmless here (nginx 1.22 passes each chunk on as it arrives
            // while the client keeps up); the check must still pass.
            edit(running.bundle().resolve("nginx/nginx.conf"), c -> c.replace("proxy_buffering off;", "proxy_buffering on;"));
            running.recreate(List.of("nginx"));
            assertCheck(check(running), 0, "PASS streams.sse", "0 failed");
            // Broken on purpose: nginx compresses the event stream itself (Kestra asked for identity), with buffering on.
            edit(running.bundle().resolve("nginx/nginx.conf"), c -> c
                    .replace("gzip_types ", "gzip_types text/event-stream ")
                    .replace("proxy_buffering on;", "proxy_buffering on;\n            proxy_set_header Accept-Encoding \"\";"));
            running.recreate(List.of("nginx"));
            assertCheck(check(running), 1, "FAIL streams.sse", "cause: compression holds the events back", "gzip_types",
                    "PASS streams.cleanup", "1 failed");
        });
        assertLogged(log, "URL echo shows public host ops.example.com");
        assertLogged(log, "HTTP redirects to HTTPS");
    }

    @Test
    void withoutAnEdgeKestraIsPublishedDirectlyAndPostgresAndManagementStayInside() {
        Log log = rehearse(base("rh-no-edge").noEdge().publicAddress("http://localhost:8080").build(),
                running -> assertCheck(check(running), 0, "SKIP edge.tls-certificate", "SKIP exposure.kestra-8080",
                        "PASS exposure.management-8081", "PASS exposure.postgres-5432", "PASS streams.sse", "0 failed"));
        assertLogged(log, "URL echo shows scheme http");
        assertLogged(log, "127.0.0.1:8081 is not reachable from outside");
    }

    @Test
    void aOneDotXStackStartsAsWell() {
        Log log = rehearse(base("rh-v1").publicAddress("https://localhost").kestraLine(KestraLine.V1)
                .kestra(k -> k.username(ADMIN).image("kestra/kestra:v1.3.14")).edge(CaddyEdge.builder().tls(CaddyEdge.Tls.internal())).build(),
                running -> assertCheck(check(running), 0, "PASS kestra.version", "1.3.14", "PASS streams.sse", "0 failed"));
        assertLogged(log, "kestra/kestra:v1.3.14");
    }

    @Test
    void aFileDeliveredConfigurationReachesMicronautThroughTheConfigOption() {
        // Also monitoring behind Caddy's own CA on a host name that is not loopback: the public probe goes through
        // the edge over TLS without verifying Caddy's CA, and Alertmanager starts through its e-mail password wrapper.
        Log log = rehearse(base("rh-file-config").publicAddress("https://kestra.corp.example").contextPath("/kestra")
                .kestra(k -> k.username(ADMIN).configDelivery(ConfigDelivery.FILE)).edge(CaddyEdge.builder().tls(CaddyEdge.Tls.internal()))
                .monitoring(m -> m.alertEmail(new Monitoring.Email("ops@example.com", "alerts@example.com", "smtp.example.com:587",
                        "alerts", Secret.of("ALERT_SMTP_PASSWORD", "smtp-Pass-1"), true)))
                .build(),
                running -> assertCheck(check(running), 0, "PASS edge.context-path", "PASS kestra.public-url",
                        "PASS kestra.basic-auth", "PASS streams.sse", "0 failed"));
        assertLogged(log, "(--config)");
        assertLogged(log, "URL echo shows path /kestra/api/v1/rehearsal/url");
        assertLogged(log, "monitoring: probe_success is 1 [http://kestra:8081/kestra/health/readiness=1,"
                + " https://kestra.corp.example/kestra/ping=1]");
        assertLogged(log, "monitoring: no alert fires or is pending on the healthy stack");
    }

    @Test
    void monitoringScrapesEveryTargetAndProbesThePublicUrlThroughTheEdge() {
        Log log = rehearse(base("rh-monitoring").publicAddress("https://ops.example.com").contextPath("/kestra")
                .monitoring(m -> m.alertWebhook("http://alert-receiver.example.com/hook"))
                .edge(NginxEdge.builder().image(NGINX_LIKE_THIS_MACHINE).tls(NginxEdge.Tls.files("./certs/fullchain.pem", "./certs/privkey.pem"))).build(),
                // Prometheus, Alertmanager and the exporters publish nothing: the check's exposure probes still pass.
                running -> assertCheck(check(running), 0, "PASS edge.tls-certificate", "PASS exposure.management-8081",
                        "PASS exposure.postgres-5432", "PASS streams.sse", "0 failed"));
        assertLogged(log, "monitoring: every Prometheus target is up");
        assertLogged(log, "monitoring: every Kestra series the rules read is scraped from Kestra's registry");
        assertLogged(log, "monitoring: Prometheus sends alerts to the bundle's Alertmanager");
        assertLogged(log, "monitoring: probe_success is 1 [http://kestra:8081/kestra/health/readiness=1, https://ops.example.com/kestra/ping=1]");
        assertLogged(log, "monitoring: pg_up is 1");
    }

    @Test
    void theStackWithEveryCliOptionServesEverythingItPromises() {
        // What `generate --host ops.example.com --edge nginx --context-path /kestra --acme-email ... --admin-email ...
        // --kestra-image v2.0.5 --postgres-image 18.1` builds (kestra-stack-examples Generate).
        Log log = rehearse(base("rh-every-option").publicAddress("https://ops.example.com").contextPath("/kestra")
                .kestra(k -> k.username("me@example.com").image("kestra/kestra:v2.0.5")).postgres(p -> p.image("postgres:18.1"))
                .edge(NginxEdge.builder().image(NGINX_LIKE_THIS_MACHINE).tls(NginxEdge.Tls.certbot("ops@example.com"))).build());
        assertLogged(log, "test certificate for ops.example.com");
        assertLogged(log, "backup restores");
    }

    @Test
    void aHealthcheckWithoutTheContextPathFailsTheRehearsalNamingIt() {
        // The health-path defect of issue 9, as bundles rendered before its fix had it.
        Stack stack = base("rh-defect").publicAddress("https://localhost").contextPath("/kestra")
                .edge(CaddyEdge.builder().tls(CaddyEdge.Tls.internal())).build();
        Log log = new Log(System.out, stack.name());
        RehearsalFailure f = assertThrows(RehearsalFailure.class, () -> rehearse(stack,
                c -> c.replace("http://localhost:8081/kestra/health/readiness", "http://localhost:8081/health/readiness"),
                Rehearsal.DEFAULT_TIME_SCALE, log));
        assertNothingLeftBehind(log);
        assertTrue(f.getMessage().startsWith("kestra: never turned healthy: healthcheck [CMD, curl, -fsS,"
                + " http://localhost:8081/health/readiness]"), f.getMessage());
        assertTrue(f.getMessage().contains("404"), f.getMessage());
    }

    @Test
    void kestraDoesNotStartWhenItsDatasourcePasswordIsWrong() {
        // Micronaut creates the Hikari data source eagerly: a wrong password stops the server at start, which the
        // rehearsal reports with Postgres's own refusal.
        Stack stack = base("rh-bad-password").publicAddress("https://localhost")
                .edge(CaddyEdge.builder().tls(CaddyEdge.Tls.internal())).build();
        RehearsalFailure f = assertThrows(RehearsalFailure.class, () -> rehearse(stack,
                c -> c.replace("password: '$${POSTGRES_PASSWORD}'", "password: not-the-password"), Rehearsal.DEFAULT_TIME_SCALE));
        assertTrue(f.getMessage().startsWith("kestra: exited 1 before turning healthy"), f.getMessage());
        assertTrue(f.getMessage().contains("password authentication failed for user \"kestra\""), f.getMessage());
    }

    @Test
    void aMissingBundleIsAFailureNotAMissingProgram() {
        assertTrue(Main.run(new String[] {dir.resolve("nothing-here").toString()}) == 1);
        assertTrue(Main.run(new String[] {}) == 2);
    }

    @Test
    void aMissingProgramNamesTheDebianPackageToInstall() {
        MissingProgram m = assertThrows(MissingProgram.class, () -> Programs.require("ks-no-such-program"));
        assertTrue(m.getMessage().contains("install the Debian package ks-no-such-program"), m.getMessage());
        assertTrue(new MissingProgram("socat", Programs.PACKAGES.get("socat")).getMessage().contains("apt-get install socat"));
    }

    @Test
    void restoreStepsAreReadFromTheRestoreSectionOfBackupMd() throws IOException {
        Path md = dir.resolve("BACKUP.md");
        Files.writeString(md, "# Backups\n\n```sh\ndocker run x\n```\n\n## Restore\n\n```sh\ndocker compose stop kestra\n"
                + "docker compose start kestra\n```\n");
        assertTrue(Rehearsal.restoreSteps(md).equals(List.of("docker compose stop kestra", "docker compose start kestra")));
    }
}
