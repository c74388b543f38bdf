package io.kestrastack.cli;

import io.kestrastack.StackConfigException;
import io.kestrastack.Violation;
import io.kestrastack.bundle.BundleConflictException;
import io.kestrastack.internal.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The {@code kestra-stack} command line.
 *
 * <p>Exit codes: 0 success, 1 problems found (invalid settings, conflicts, findings), 2 usage errors.
 */
public final class Main {

    static final int OK = 0;
    static final int PROBLEMS = 1;
    static final int USAGE = 2;

    static final String USAGE_TEXT = String.join("\n",
            "Usage: kestra-stack <command> [options]",
            "",
            "Commands:",
            "  generate   write a complete, validated Kestra stack directory",
            "  init       write a commented starting stack file for generate --from",
            "  schema     print the JSON Schema of stack files",
            "  validate   read a generated directory back and report problems",
            "  lint       check existing stack files (Compose, .env, Kestra config, Caddyfile, nginx)",
            "  check      verify a running deployment from the outside (TLS, redirects, headers, auth, ports, streams)",
            "  rotate     rotate one generated secret of a running stack (or write ROTATE.md)",
            "",
            "generate [--out DIR] [--host HOST] [--edge caddy|nginx|none] [--context-path PATH]",
            "         [--acme-email EMAIL] [--admin-email EMAIL] [--kestra-image IMAGE] [--postgres-image IMAGE]",
            "         [--force] [--dry-run]",
            "generate --from FILE [the options above, which override the file's keys]",
            "  --out DIR             target directory (default ./kestra-stack)",
            "  --host HOST           public host name (default localhost)",
            "  --edge KIND           caddy (default), nginx, or none (Kestra published on port 8080)",
            "  --context-path PATH   serve Kestra under PATH, e.g. /kestra (default /)",
            "  --acme-email EMAIL    optional contact for the ACME account of a public host (Caddy or certbot)",
            "  --admin-email EMAIL   Kestra basic-auth user (default admin@<host>, or admin@kestra.local)",
            "  --kestra-image IMAGE  a tag (v2.0.5) or a full reference (kestra/kestra:v2.0.5)",
            "  --postgres-image IMAGE  a tag (18.1) or a full reference (postgres:18.1)",
            "  --force               overwrite files edited by hand (existing .env values are always kept)",
            "  --dry-run             print what would change as a unified diff, write nothing",
            "",
            GenerateKubernetes.USAGE,
            "init [FILE] [--force]   (default stack.yaml)",
            "",
            "schema",
            "",
            "validate DIR",
            "",
            "lint [--format text|json] PATH...",
            "",
            CheckCommand.USAGE,
            "",
            Rotate.USAGE,
            "",
            "  --help, --version; COMMAND --help for one command",
            "",
            "Exit codes: 0 success, 1 problems found, 2 usage error.",
            "");

    private Main() {}

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line, printing to the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> list = Arrays.asList(args);
        if (list.isEmpty()) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        String command = list.get(0);
        List<String> rest = list.subList(1, list.size());
        if (CommandHelp.asked(rest) && CommandHelp.of(command).isPresent()) {
            out.print(CommandHelp.of(command).get());
            return OK;
        }
        try {
            switch (command) {
                case "--help", "-h", "help":
                    out.print(USAGE_TEXT);
                    return OK;
                case "--version", "-V":
                    out.println("kestra-stack " + version());
                    return OK;
                case "generate":
                    if (GenerateKubernetes.requested(rest)) {
                        return new GenerateKubernetes(out, err, System.getenv()).run(rest);
                    }
                    return new Generate(out, err).run(GenerateKubernetes.withoutComposeTarget(rest));
                case "init":
                    return new Init(out).run(rest);
                case "schema":
                    if (!rest.isEmpty()) {
                        throw new UsageException("schema takes no arguments");
                    }
                    out.print(io.kestrastack.stackfile.StackFileSchema.json());
                    return OK;
                case "validate":
                    return new Validate(out, err).run(rest);
                case "lint":
                    return new LintCommand(out, err).run(rest);
                case "check":
                    return new CheckCommand(out, System.getenv()).run(rest);
                case "rotate":
                    return new Rotate(out, err).run(rest);
                default:
                    throw new UsageException("unknown command " + command);
            }
        } catch (UsageException e) {
            err.println("kestra-stack: " + Text.printable(String.valueOf(e.getMessage())));
            err.println("Run kestra-stack --help for usage.");
            return USAGE;
        } catch (StackConfigException e) {
            printViolations(err, e.violations());
            return PROBLEMS;
        } catch (BundleConflictException e) {
            printViolations(err, e.violations());
            return PROBLEMS;
        } catch (UncheckedIOException e) {
            err.println("kestra-stack: " + Text.printable(e.getMessage() + ": " + e.getCause().getMessage()));
            return PROBLEMS;
        }
    }

    static void printViolations(PrintStream err, List<Violation> violations) {
        err.println(violations.size() + (violations.size() == 1 ? " problem:" : " problems:"));
        for (Violation v : violations) {
            err.println("  " + v);
        }
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
