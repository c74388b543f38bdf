package io.kestrastack.cli;

import io.kestrastack.KestraService;
import io.kestrastack.Monitoring;
import io.kestrastack.Secret;
import io.kestrastack.PostgresService;
import io.kestrastack.PublicAddress;
import io.kestrastack.Stack;
import io.kestrastack.bundle.BundlePlan;
import io.kestrastack.bundle.FileChange;
import io.kestrastack.bundle.StackBundle;
import io.kestrastack.proxy.CaddyEdge;
import io.kestrastack.proxy.NginxEdge;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** {@code generate}: builds a stack from options and sensible defaults and writes its bundle. */
final class Generate {

    private static final Set<String> VALUED = Set.of("--out", "--host", "--edge", "--context-path", "--acme-email",
            "--admin-email", "--kestra-image", "--postgres-image", "--from", "--alert-webhook", "--alert-email", "--smtp-host",
            "--smtp-from", "--smtp-user");
    private static final Set<String> FLAGS = Set.of("--force", "--dry-run", "--allow-line-change", "--monitoring");
    /** The environment variable the SMTP password is read from, never from the command line (visible in ps). */
    static final String SMTP_PASSWORD_VARIABLE = "ALERT_SMTP_PASSWORD";
    /** Suffixes of names that no public CA will certify. */
    private static final List<String> LOCAL_SUFFIXES =
            List.of(".localhost", ".local", ".internal", ".test", ".lan", ".home.arpa", ".example", ".invalid");

    private final PrintStream out;
    private final PrintStream err;

    Generate(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) throws UsageException {
        Options o = Options.parse(args, VALUED, FLAGS);
        if (!o.positional().isEmpty()) {
            throw new UsageException("generate takes no positional arguments (got " + o.positional().get(0) + ")");
        }
        String edge = o.value("--edge", "caddy").toLowerCase(Locale.ROOT);
        if (!Set.of("caddy", "nginx", "none").contains(edge)) {
            throw new UsageException("--edge must be caddy, nginx or none");
        }
        String host = host(o.value("--host", "localhost"));
        Path dir = outDirectory(o.value("--out", "kestra-stack"));
        String from = o.value("--from");
        Stack stack = withMonitoring(from != null ? StackFileCommand.stack(Path.of(from), o) : stack(host, edge, o), o,
                System.getenv(SMTP_PASSWORD_VARIABLE));
        StackBundle bundle = StackBundle.of(stack);
        if (o.flag("--allow-line-change")) {
            bundle = bundle.allowLineChange();
        }
        boolean force = o.flag("--force");
        if (o.flag("--dry-run")) {
            return printDryRun(bundle.plan(dir, force), out, err);
        }
        BundlePlan plan = bundle.writeTo(dir, force);
        out.print(plan.summary());
        out.println();
        out.println("Wrote a " + describe(stack) + " to " + dir + ".");
        out.println("Kestra: " + stack.kestraUrl() + "  (user " + stack.kestra().basicAuth().username()
                + ", password in .env as " + stack.kestra().basicAuth().password().variable() + ")");
        List<String> before = stack.edge().map(e -> e.beforeFirstStart(stack.edgeContext())).orElse(List.of());
        out.println("Next: copy " + dir + " to a Docker host; there, in that directory, "
                + (before.isEmpty() ? "" : "run " + before.stream().map(c -> "`" + c + "`")
                        .collect(java.util.stream.Collectors.joining(", then ")) + " (the edge needs it before its first start), then ")
                + "run `docker compose up -d`, then follow VERIFY.md.");
        if (plan.changes().stream().anyMatch(c -> c.action() == FileChange.Action.MERGE
                || c.action() == FileChange.Action.SECURE)) {
            out.println("Existing secrets in .env were kept.");
        }
        if (plan.changes().stream().anyMatch(c -> c.action() == FileChange.Action.SECURE)) {
            out.println("Others could read .env: it is now readable by its owner only (mode 0600).");
        }
        return Main.OK;
    }

    /** Prints a dry run's diff and summary; exit code 1 when a real run would need {@code --force}. */
    static int printDryRun(BundlePlan plan, PrintStream out, PrintStream err) {
        out.print(plan.unifiedDiff());
        out.print(plan.summary());
        if (!plan.conflicts().isEmpty()) {
            err.println(plan.conflicts().size() + " file(s) were edited by hand; a real run needs --force to overwrite them.");
            return Main.PROBLEMS;
        }
        out.println("dry run: nothing written");
        return Main.OK;
    }

    /**
     * The {@code --host} value: a host name or IP address, nothing else. A port, path or user part would be
     * split off silently by the URL it goes into, so each is refused with what to use instead.
     */
    static String host(String given) throws UsageException {
        String host = given.strip().toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            throw new UsageException("--host needs a host name, e.g. --host flows.example.com");
        }
        if (host.startsWith("[")) {
            throw new UsageException("--host takes a host name or an IPv4 address; IPv6 literals are not supported");
        }
        if (host.contains("://")) {
            throw new UsageException("--host takes a host name only, without a scheme (got a URL)");
        }
        if (host.indexOf(':') >= 0) {
            throw new UsageException("--host takes a host name without a port; the edge serves on ports 443 and 80"
                    + " (--edge none: Kestra on 8080). Give only the name, e.g. --host "
                    + host.substring(0, host.indexOf(':')));
        }
        if (host.chars().anyMatch(c -> c == '/' || c == '@' || c == '?' || c == '#' || Character.isWhitespace(c)
                || Character.isISOControl(c))) {
            throw new UsageException("--host takes a host name only, without a path, user, query or spaces");
        }
        return host;
    }

    /** The {@code --out} value as a directory: never empty (which would write into the current directory). */
    static Path outDirectory(String given) throws UsageException {
        if (given.isBlank()) {
            throw new UsageException("--out needs a directory name, e.g. --out kestra-stack (got an empty value)");
        }
        if (given.indexOf('\0') >= 0 || given.chars().anyMatch(Character::isISOControl)) {
            throw new UsageException("--out has a control character in it");
        }
        try {
            return Path.of(given);
        } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException("--out is not a usable path: " + e.getReason());
        }
    }

    /**
     * The stack with the monitoring part {@code --monitoring} asks for, alerts going to {@code --alert-webhook} or
     * {@code --alert-email} (with {@code --smtp-host}, and {@code --smtp-user} whose password comes from the
     * environment variable {@value #SMTP_PASSWORD_VARIABLE}).
     */
    static Stack withMonitoring(Stack stack, Options o, @Nullable String smtpPassword) throws UsageException {
        String webhook = o.value("--alert-webhook");
        String email = o.value("--alert-email");
        boolean smtpOptions = o.value("--smtp-host") != null || o.value("--smtp-from") != null || o.value("--smtp-user") != null;
        if (!o.flag("--monitoring")) {
            if (webhook != null || email != null || smtpOptions) {
                throw new UsageException("--alert-webhook, --alert-email and --smtp-* go with --monitoring");
            }
            return stack;
        }
        if ((webhook == null) == (email == null)) {
            throw new UsageException("--monitoring needs exactly one of --alert-webhook URL or --alert-email ADDRESS");
        }
        Stack.Builder b = stack.toBuilder();
        if (webhook != null) {
            if (smtpOptions) {
                throw new UsageException("--smtp-* go with --alert-email, not --alert-webhook");
            }
            b.monitoring(m -> m.alertWebhook(webhook));
        } else {
            String smarthost = o.value("--smtp-host");
            if (smarthost == null) {
                throw new UsageException("--alert-email needs --smtp-host HOST:PORT, the mail server Alertmanager sends through");
            }
            String user = o.value("--smtp-user");
            Secret password = null;
            if (user != null) {
                if (smtpPassword == null || smtpPassword.isEmpty()) {
                    throw new UsageException("--smtp-user needs the password in the environment variable " + SMTP_PASSWORD_VARIABLE
                            + " (never on the command line)");
                }
                password = Secret.of(SMTP_PASSWORD_VARIABLE, smtpPassword);
            }
            String host = stack.address().host();
            String from = o.value("--smtp-from", "alerts@" + (host.contains(".") && !host.matches("[0-9.]+") ? host : "kestra.local"));
            Monitoring.Email receiver = new Monitoring.Email(email, from, smarthost, user, password, true);
            b.monitoring(m -> m.alertEmail(receiver));
        }
        return b.build();
    }

    private static String describe(Stack stack) {
        String base = stack.edge().map(e -> "stack with " + e.kind()).orElse("stack without an edge");
        return stack.monitoring().map(m -> base + " and monitoring (Prometheus, alerts to the "
                + (m.receiver() instanceof io.kestrastack.Monitoring.Webhook ? "webhook" : "e-mail address")
                + " in monitoring/alertmanager/alertmanager.yml)").orElse(base);
    }

    /** The stack the options describe. */
    static Stack stack(String host, String edge, Options o) {
        boolean local = isLocal(host);
        @Nullable String acme = o.value("--acme-email");
        Stack.Builder b = Stack.builder()
                .contextPath(o.value("--context-path", "/"))
                .kestra(k -> k.username(o.value("--admin-email", defaultAdmin(host, local))));
        String kestraImage = o.value("--kestra-image");
        if (kestraImage != null) {
            b.kestra(k -> k.image(imageReference(kestraImage, KestraService.DEFAULT_IMAGE)));
        }
        String postgresImage = o.value("--postgres-image");
        if (postgresImage != null) {
            b.postgres(p -> p.image(imageReference(postgresImage, PostgresService.DEFAULT_IMAGE)));
        }
        switch (edge) {
            case "none" -> b.noEdge().publicAddress("http://" + host + ":8080");
            case "caddy" -> b.publicAddress("https://" + host).edge(CaddyEdge.builder()
                    .tls(local ? CaddyEdge.Tls.internal() : acme == null ? CaddyEdge.Tls.acme() : CaddyEdge.Tls.acme(acme)));
            case "nginx" -> {
                if (local) {
                    b.publicAddress("http://" + host).edge(NginxEdge.builder().tls(NginxEdge.Tls.none()));
                } else {
                    b.publicAddress("https://" + host).edge(NginxEdge.builder()
                            .tls(acme == null ? NginxEdge.Tls.certbot() : NginxEdge.Tls.certbot(acme)));
                }
            }
            default -> throw new IllegalStateException(edge);
        }
        return b.build();
    }

    /** Whether no public CA will issue a certificate for {@code host}. */
    static boolean isLocal(String host) {
        if (!host.contains(".") || host.matches("[0-9.]+")) {
            return true;
        }
        return LOCAL_SUFFIXES.stream().anyMatch(host::endsWith);
    }

    private static String defaultAdmin(String host, boolean local) {
        return local || !PublicAddress.isValidHost(host) ? "admin@kestra.local" : "admin@" + host;
    }

    /** A bare tag becomes {@code repository:tag} of the default image; a full reference is kept. */
    static String imageReference(String given, String defaultImage) {
        if (given.contains(":") || given.contains("/") || given.contains("@")) {
            return given;
        }
        return defaultImage.substring(0, defaultImage.lastIndexOf(':') + 1) + given;
    }
}
