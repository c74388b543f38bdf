package io.kestrastack.cli;

import io.kestrastack.StackConfigException;
import io.kestrastack.check.CheckReport;
import io.kestrastack.check.DeploymentCheck;
import io.kestrastack.Violation;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code check URL [--bundle DIR] [--user EMAIL --password-env VAR] [--format text|json] [--sse-probe]
 * [--insecure-ca FILE] [--min-cert-days N]}: runs {@link DeploymentCheck} and prints its report; exit 0 when every
 * check passed or was skipped, 1 when one failed, 2 on a usage error. The password is read from the environment
 * variable named by {@code --password-env}, so it never appears on the command line.
 */
final class CheckCommand {

    static final String USAGE = String.join("\n",
            "check URL [--bundle DIR] [--user EMAIL --password-env VAR] [--format text|json] [--sse-probe]",
            "      [--insecure-ca FILE] [--min-cert-days N]");

    static final String HELP = String.join("\n",
            "Usage: kestra-stack " + USAGE,
            "",
            "Checks a running deployment from where it runs, as a client on the network: the edge (certificate,",
            "HTTP to HTTPS redirect, HSTS, security headers, context path, HTTP/2), Kestra (UI, API, basic auth,",
            "version, the URL it reports), the ports that must stay closed (8081, 5432, 8080) and, with",
            "--sse-probe, live event streams through the edge (a throw-away flow is created, run and deleted).",
            "",
            "  URL                 the public URL with its context path, e.g. https://flows.example.com/kestra/",
            "  --bundle DIR        the generated bundle: compare image version, context path and HSTS preload",
            "  --user EMAIL        Kestra's basic-auth user",
            "  --password-env VAR  the environment variable holding its password (never on the command line)",
            "  --format FORMAT     text (default) or json",
            "  --sse-probe         follow a throw-away execution's logs through the edge (needs credentials)",
            "  --insecure-ca FILE  trust this PEM CA as well (a private CA, Caddy's internal root)",
            "  --min-cert-days N   fail when the certificate has fewer days left (default 14)",
            "",
            "Exit codes: 0 every check passed (or was skipped), 1 a check failed, 2 usage error.",
            "");

    private final PrintStream out;
    private final Map<String, String> env;

    CheckCommand(PrintStream out, Map<String, String> env) {
        this.out = out;
        this.env = env;
    }

    int run(java.util.List<String> args) throws UsageException {
        Options o = Options.parse(args, Set.of("--bundle", "--user", "--password-env", "--format", "--insecure-ca",
                "--min-cert-days"), Set.of("--sse-probe"));
        if (o.positional().size() != 1) {
            throw new UsageException("check needs exactly one URL, got " + o.positional().size());
        }
        URI url;
        try {
            url = new URI(o.positional().get(0));
        } catch (URISyntaxException e) {
            throw new UsageException("not a URL: " + e.getMessage());
        }
        String format = o.value("--format", "text");
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageException("--format must be text or json");
        }
        DeploymentCheck check = DeploymentCheck.of(url).sseProbe(o.flag("--sse-probe"));
        String user = o.value("--user");
        String variable = o.value("--password-env");
        if ((user == null) != (variable == null)) {
            throw new UsageException("--user and --password-env go together");
        }
        if (user != null && variable != null) {
            String password = env.get(variable);
            if (password == null || password.isEmpty()) {
                throw new UsageException("the environment variable " + variable + " (--password-env) is not set");
            }
            check.credentials(user, password.toCharArray());
        }
        if (o.value("--bundle") != null) {
            check.bundle(Path.of(o.value("--bundle")));
        }
        if (o.value("--insecure-ca") != null) {
            Path ca = Path.of(o.value("--insecure-ca"));
            if (!Files.isRegularFile(ca)) {
                throw new UsageException("--insecure-ca " + ca + " is not a file");
            }
            check.trustAnchor(ca);
        }
        if (o.value("--min-cert-days") != null) {
            try {
                check.minCertificateDays(Integer.parseInt(o.value("--min-cert-days")));
            } catch (NumberFormatException e) {
                throw new UsageException("--min-cert-days must be a whole number");
            }
        }
        CheckReport report;
        try {
            report = check.run();
        } catch (StackConfigException e) {
            // Every setting comes from the command line: a bad one is a usage error.
            throw new UsageException(e.violations().stream().map(Violation::toString).collect(Collectors.joining("; ")));
        } catch (IllegalArgumentException e) {
            throw new UsageException(String.valueOf(e.getMessage()));
        } finally {
            check.clearCredentials();
        }
        out.print(format.equals("json") ? report.toJson() : report.toText());
        return report.exitCode();
    }
}
