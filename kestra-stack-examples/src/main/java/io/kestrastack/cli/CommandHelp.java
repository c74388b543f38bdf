package io.kestrastack.cli;

import java.util.Map;
import java.util.Optional;

/** The {@code --help} text of each command. */
final class CommandHelp {

    private CommandHelp() {}

    private static final Map<String, String> TEXTS = Map.of(
            "rotate", String.join("\n",
                    "Usage: kestra-stack " + Rotate.USAGE,
                    "",
                    "Rotates one generated secret of the bundle in DIR (default ./kestra-stack) with docker compose,",
                    "run there: the Postgres password with ALTER ROLE first, then .env, then only the services that",
                    "read it (up -d --no-deps --force-recreate --wait); basic-auth password and flow secrets: .env,",
                    "then Kestra. New values are never printed. Without a reachable Docker host it writes ROTATE.md",
                    "with the commands, keeps .env and the new value pending in .kestra-stack/rotate/ (mode 0600);",
                    "running rotate again finishes a pending or interrupted rotation with the same value.",
                    "",
                    "  --out DIR   the bundle directory (default ./kestra-stack)",
                    "  --force     rotate the encryption key although values Kestra stored encrypted become unreadable",
                    "",
                    "Exit codes: 0 rotated, 1 not rotated (failed, or ROTATE.md written), 2 usage error.",
                    ""),
            "generate", String.join("\n",
                    "Usage: kestra-stack generate [--from FILE] [options]",
                    "",
                    "Writes a complete, validated Kestra stack directory.",
                    "",
                    "  --from FILE           read the stack from a stack file (kestra-stack init writes one);",
                    "                        the options below override its keys",
                    "  --out DIR             target directory (default ./kestra-stack)",
                    "  --host HOST           public host name (default localhost)",
                    "  --edge KIND           caddy (default), nginx, or none (Kestra published on port 8080)",
                    "  --context-path PATH   serve Kestra under PATH, e.g. /kestra (default /)",
                    "  --acme-email EMAIL    optional contact for the ACME account of a public host",
                    "  --admin-email EMAIL   Kestra basic-auth user (default admin@<host>, or admin@kestra.local)",
                    "  --kestra-image IMAGE  a tag (v2.0.5) or a full reference (kestra/kestra:v2.0.5)",
                    "  --postgres-image IMAGE  a tag (18.1) or a full reference (postgres:18.1)",
                    "  --force               overwrite files edited by hand (existing .env values are always kept)",
                    "  --dry-run             print what would change as a unified diff, write nothing",
                    "  --allow-line-change   regenerate an existing bundle for another Kestra line (one-way migration)",
                    "  --monitoring          add Prometheus, Alertmanager, exporters and tested alert rules (monitoring/)",
                    "  --alert-webhook URL   with --monitoring: send alerts to this webhook",
                    "  --alert-email ADDRESS with --monitoring: send alerts by e-mail, through --smtp-host HOST:PORT",
                    "                        [--smtp-from ADDRESS] [--smtp-user USER, password in $ALERT_SMTP_PASSWORD]",
                    "",
                    GenerateKubernetes.USAGE),
            "init", String.join("\n",
                    "Usage: kestra-stack init [FILE] [--force]",
                    "",
                    "Writes a commented starting stack file (default stack.yaml) for generate --from.",
                    "Its keys are checked by docs/stack-file.schema.json (kestra-stack schema prints it).",
                    "",
                    "  --force   overwrite an existing file",
                    ""),
            "schema", String.join("\n",
                    "Usage: kestra-stack schema",
                    "",
                    "Prints the JSON Schema of stack files, for editors that complete and check YAML.",
                    ""),
            "validate", String.join("\n",
                    "Usage: kestra-stack validate DIR",
                    "",
                    "Reads a generated directory back: missing files or variables, .env readable by others,",
                    "an interrupted write, and every lint finding.",
                    ""),
            "lint", String.join("\n",
                    "Usage: kestra-stack lint [--format text|json] PATH...",
                    "",
                    "Checks existing stack files (Compose with its .env, Kestra configuration, Caddyfile, nginx)",
                    "with the same rules the library renders by; each finding with file, line, rule and fix.",
                    ""),
            "check", CheckCommand.HELP);

    /** The help of {@code command}, if it has one. */
    static Optional<String> of(String command) {
        return Optional.ofNullable(TEXTS.get(command));
    }

    /** Whether {@code args} ask for help. */
    static boolean asked(java.util.List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }
}
