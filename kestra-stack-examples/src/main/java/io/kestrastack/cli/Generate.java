package io.kestrastack.cli;

import io.kestrastack.KestraService;
import io.kestrastack.PostgresService;
import io.kestrastack.PublicAddress;
import io.kestrastack.Stack;
import io.kestrastack.StackConfigException;
import io.kestrastack.Violation;
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
            "--admin-email", "--kestra-image", "--postgres-image");
    private static final Set<String> FLAGS = Set.of("--force", "--dry-run", "--allow-line-change");
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
        String host = o.value("--host", "localhost").strip().toLowerCase(Locale.ROOT);
        Stack stack = stack(host, edge, o);
        StackBundle bundle = StackBundle.of(stack);
        if (o.flag("--allow-line-change")) {
            bundle = bundle.allowLineChange();
        }
        Path dir = Path.of(o.value("--out", "kestra-stack"));
        boolean force = o.flag("--force");
        if (o.flag("--dry-run")) {
            BundlePlan plan = bundle.plan(dir, force);
            out.print(plan.unifiedDiff());
            out.print(plan.summary());
            if (!plan.conflicts().isEmpty()) {
                err.println(plan.conflicts().size() + " file(s) were edited by hand; a real run needs --force to overwrite them.");
                return Main.PROBLEMS;
            }
            out.println("dry run: nothing written");
            return Main.OK;
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
        if (plan.changes().stream().anyMatch(c -> c.action() == FileChange.Action.MERGE)) {
            out.println("Existing secrets in .env were kept.");
        }
        return Main.OK;
    }

    private static String describe(Stack stack) {
        return stack.edge().map(e -> "stack with " + e.kind()).orElse("stack without an edge");
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
            case "caddy" -> {
                requireAcmeForPublicHost(host, local, acme, "caddy");
                b.publicAddress("https://" + host).edge(CaddyEdge.builder()
                        .tls(local || acme == null ? CaddyEdge.Tls.internal() : CaddyEdge.Tls.acme(acme)));
            }
            case "nginx" -> {
                if (local) {
                    b.publicAddress("http://" + host).edge(NginxEdge.builder().tls(NginxEdge.Tls.none()));
                } else {
                    requireAcmeForPublicHost(host, false, acme, "nginx");
                    b.publicAddress("https://" + host).edge(NginxEdge.builder().tls(NginxEdge.Tls.certbot(acme)));
                }
            }
            default -> throw new IllegalStateException(edge);
        }
        return b.build();
    }

    private static void requireAcmeForPublicHost(String host, boolean local, @Nullable String acme, String edge) {
        if (!local && acme == null) {
            throw new StackConfigException(List.of(new Violation("acmeEmail", "required",
                    host + " looks public, and " + edge + " needs a contact email to get a certificate for it",
                    "pass --acme-email ops@your-domain, or --host localhost for a local stack")));
        }
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
