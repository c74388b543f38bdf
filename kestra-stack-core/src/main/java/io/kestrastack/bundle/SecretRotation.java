package io.kestrastack.bundle;

import io.kestrastack.Secret;
import io.kestrastack.internal.DotEnv;
import io.kestrastack.internal.EnvText;
import io.kestrastack.internal.SecretAccess;
import io.kestrastack.internal.Yaml;
import io.kestrastack.render.KestraConfigRenderer;
import io.kestrastack.render.RenderedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The rotation of one generated secret of a written bundle: a new value from the generator the bundle uses for
 * fresh secrets, put where it takes effect in an order that keeps the stack up.
 *
 * <p>What a variable is, and who reads it, is taken from the bundle itself ({@code docker-compose.yml} and the
 * Kestra configuration), not from a fixed list:
 * <ul>
 *   <li>{@link Kind#POSTGRES_PASSWORD}, the variable behind the database service's {@code POSTGRES_PASSWORD}:
 *       {@code ALTER ROLE} inside the running database first, then {@code .env}, then the services that read it
 *       (Kestra, the backup service, ...) recreated, then the new password checked over the network. The
 *       database service itself is not recreated: its image reads {@code POSTGRES_PASSWORD} only when it creates
 *       its data directory.</li>
 *   <li>{@link Kind#BASIC_AUTH_PASSWORD} ({@code kestra.server.basic-auth.password}) and {@link Kind#FLOW_SECRET}
 *       ({@code SECRET_*}, stored base64-encoded as Kestra's environment secrets are read): {@code .env}, then the
 *       services that read it.</li>
 *   <li>{@link Kind#ENCRYPTION_KEY} ({@code kestra.encryption.secret-key}): refused unless forced. Kestra encrypts
 *       {@code SECRET}-typed inputs and outputs and encrypted task outputs with it and stores only the cipher text
 *       (io.kestra.core.runners.FlowInputOutput, EncryptedString); with a new key they cannot be decrypted.</li>
 * </ul>
 *
 * <p>While a rotation is under way its state lives in {@code .kestra-stack/rotate/} (mode 0600): the new value,
 * the psql scripts that set and undo it, and, when the Docker host cannot be reached, the next {@code .env}.
 * A rotation that stopped (a failure, or {@code ROTATE.md} steps run half-way) is finished by rotating the same
 * name again, which reuses the pending value. Values never appear in messages, {@code ROTATE.md}, logs or
 * argument lists; command output is scrubbed of them before it is quoted.
 */
public final class SecretRotation {

    /** What a rotatable secret is for. */
    public enum Kind {
        /** The password of the PostgreSQL role Kestra connects as. */
        POSTGRES_PASSWORD,
        /** Kestra's basic-auth password. */
        BASIC_AUTH_PASSWORD,
        /** A flow secret ({@code SECRET_*}, read by {@code secret('NAME')}). */
        FLOW_SECRET,
        /** Kestra's encryption key ({@code kestra.encryption.secret-key}). */
        ENCRYPTION_KEY
    }

    /**
     * A secret the bundle generates and that can be rotated.
     *
     * @param name the {@code .env} variable
     * @param kind what it is for
     * @param readers the compose services that read it, in the compose file's order
     */
    public record Rotatable(String name, Kind kind, List<String> readers) {
        public Rotatable {
            readers = List.copyOf(readers);
        }
    }

    /**
     * What a rotation did.
     *
     * @param name the variable rotated
     * @param applied true when the new value is in effect; false when only {@code ROTATE.md} was written
     * @param recreated the services recreated
     * @param guide {@code ROTATE.md} when the Docker host could not be reached
     * @param steps what was done, one line each, for the operator (never a value)
     */
    public record Outcome(String name, boolean applied, List<String> recreated, Optional<Path> guide, List<String> steps) {
        public Outcome {
            recreated = List.copyOf(recreated);
            steps = List.copyOf(steps);
        }
    }

    /** A rotation that cannot start or stopped half-way; the message says the state and the way on or back. */
    public static final class RotationException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean usage;

        RotationException(String message, boolean usage) {
            super(message);
            this.usage = usage;
        }

        /** Whether the name itself was wrong (not a rotatable secret of this bundle). */
        public boolean usage() {
            return usage;
        }
    }

    static final String STATE = BundleWriter.STATE_DIR + "/rotate";
    static final String GUIDE = "ROTATE.md";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$?\\{([A-Za-z_][A-Za-z0-9_]*)\\}");
    private static final Pattern FLOW_SECRET = Pattern.compile("SECRET_[A-Za-z0-9_]+");

    private final Path dir;
    private final Map<String, Rotatable> rotatable;
    private final @Nullable Database database;
    private final BundleWriter.Hook hook;

    /** The database service that holds the role whose password is {@link Kind#POSTGRES_PASSWORD}. */
    record Database(String service, String role, String database) {}

    private SecretRotation(Path dir, Map<String, Rotatable> rotatable, @Nullable Database database,
            BundleWriter.Hook hook) {
        this.dir = dir;
        this.rotatable = rotatable;
        this.database = database;
        this.hook = hook;
    }

    /**
     * Reads the bundle in {@code dir} ({@code docker-compose.yml}, the Kestra configuration, {@code .env}) and
     * finds its rotatable secrets.
     *
     * @throws RotationException when the bundle cannot be read
     */
    public static SecretRotation of(Path dir) {
        Objects.requireNonNull(dir, "dir");
        String composeText = read(dir, "docker-compose.yml");
        if (composeText == null) {
            throw new RotationException("no docker-compose.yml in " + dir + "; rotate works on a bundle kestra-stack wrote",
                    false);
        }
        Object compose;
        try {
            compose = Yaml.load(composeText);
        } catch (RuntimeException e) {
            throw new RotationException("docker-compose.yml in " + dir + " is not readable YAML", false);
        }
        Map<String, Map<?, ?>> services = new LinkedHashMap<>();
        if (compose instanceof Map<?, ?> top && top.get("services") instanceof Map<?, ?> all) {
            all.forEach((k, v) -> {
                if (v instanceof Map<?, ?> m) {
                    services.put(String.valueOf(k), m);
                }
            });
        }
        // who interpolates what
        Map<String, List<String>> readers = new LinkedHashMap<>();
        services.forEach((name, def) -> {
            Set<String> vars = new LinkedHashSet<>();
            interpolated(def, vars);
            vars.forEach(v -> readers.computeIfAbsent(v, x -> new ArrayList<>()).add(name));
        });
        // the database: the service whose POSTGRES_PASSWORD (the official image's contract) comes from .env
        Database database = null;
        String pgVariable = null;
        for (Map.Entry<String, Map<?, ?>> s : services.entrySet()) {
            Map<String, String> env = environment(s.getValue());
            Set<String> vars = new LinkedHashSet<>();
            interpolated(env.getOrDefault("POSTGRES_PASSWORD", ""), vars);
            if (vars.size() == 1) {
                String user = env.getOrDefault("POSTGRES_USER", "postgres");
                String db = env.getOrDefault("POSTGRES_DB", user);
                if (user.indexOf('$') < 0 && db.indexOf('$') < 0) {
                    database = new Database(s.getKey(), user, db);
                    pgVariable = vars.iterator().next();
                }
                break;
            }
        }
        // what Kestra's configuration makes of the rest
        String basicAuth = null;
        String encryption = null;
        List<String> configs = new ArrayList<>();
        for (Map<?, ?> def : services.values()) {
            String inline = environment(def).get("KESTRA_CONFIGURATION");
            if (inline != null) {
                configs.add(inline);
            }
        }
        String file = read(dir, KestraConfigRenderer.PATH);
        if (file != null) {
            configs.add(file);
        }
        for (String config : configs) {
            Object tree;
            try {
                tree = Yaml.load(config);
            } catch (RuntimeException e) {
                continue;
            }
            String b = reference(Yaml.at(tree, "kestra", "server", "basic-auth", "password"));
            String k = reference(Yaml.at(tree, "kestra", "encryption", "secret-key"));
            basicAuth = basicAuth == null ? b : basicAuth;
            encryption = encryption == null ? k : encryption;
        }
        Map<String, String> env = envValues(dir);
        Map<String, Rotatable> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> r : readers.entrySet()) {
            String name = r.getKey();
            Kind kind = name.equals(pgVariable) ? Kind.POSTGRES_PASSWORD
                    : name.equals(basicAuth) ? Kind.BASIC_AUTH_PASSWORD
                    : name.equals(encryption) ? Kind.ENCRYPTION_KEY
                    : FLOW_SECRET.matcher(name).matches() ? Kind.FLOW_SECRET : null;
            if (kind != null && env.containsKey(name)) {
                out.put(name, new Rotatable(name, kind, r.getValue()));
            }
        }
        return new SecretRotation(dir, out, database, (step, path) -> {});
    }

    /** This rotation with a failure-injection hook on its writes; for tests. */
    SecretRotation withHook(BundleWriter.Hook writeHook) {
        return new SecretRotation(dir, rotatable, database, writeHook);
    }

    /** The rotatable secrets of the bundle, in the order the compose file first references them. */
    public List<Rotatable> rotatable() {
        return List.copyOf(rotatable.values());
    }

    /**
     * Rotates {@code name}: with a reachable {@code host}, applies the new value as the class comment describes;
     * otherwise writes {@code ROTATE.md} with the commands and keeps the new value pending (see there).
     *
     * @param force rotate the encryption key although values stored encrypted with the old one become unreadable
     * @throws RotationException when {@code name} is not rotatable, the encryption key is not forced, another
     *     rotation is pending, or a step fails (the message then says what state the stack is in and the way on)
     */
    public Outcome rotate(String name, ComposeHost host, boolean force) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Rotatable target = rotatable.get(name);
        if (target == null) {
            throw new RotationException((DotEnv.isPrintableName(name) ? name : "that name")
                    + " is not a secret kestra-stack can rotate in this bundle; rotatable: "
                    + String.join(", ", rotatable.keySet()), true);
        }
        if (target.kind() == Kind.ENCRYPTION_KEY && !force) {
            throw new RotationException(name + " is Kestra's encryption key (kestra.encryption.secret-key): Kestra stores"
                    + " SECRET-typed inputs and outputs and encrypted task outputs (encryptBody, EncryptedString) only as"
                    + " cipher text made with it, so with a new key every such stored value becomes unreadable. Pass"
                    + " --force (force = true) to rotate it anyway, after those executions are no longer needed", false);
        }
        try (BundleLock lock = BundleLock.acquire(dir, BundleLock.DEFAULT_TIMEOUT)) {
            return rotateLocked(target, host);
        } catch (IOException e) {
            throw new RotationException("cannot lock the bundle in " + dir + " (" + e.getMessage() + "); nothing was changed",
                    false);
        }
    }

    private Outcome rotateLocked(Rotatable target, ComposeHost host) throws IOException {
        String name = target.name();
        BundleWriter writer = new BundleWriter(hook);
        BundleWriter.recover(dir);
        String other = pendingOtherThan(name);
        if (other != null) {
            throw new RotationException("a rotation of " + other + " is pending (see " + GUIDE + " and " + STATE
                    + "/); finish it first with kestra-stack rotate " + other, false);
        }
        String envText = read(dir, ".env");
        if (envText == null) {
            throw new RotationException("no .env in " + dir + "; nothing was changed", false);
        }
        String oldValue = envValue(envText, name);
        List<String> steps = new ArrayList<>();
        String pendingValue = readState(name + ".new");
        String newValue;
        if (pendingValue != null) {
            newValue = pendingValue.endsWith("\n") ? pendingValue.substring(0, pendingValue.length() - 1) : pendingValue;
            steps.add("resumed the pending rotation of " + name + " (its new value from " + STATE + "/" + name + ".new)");
        } else {
            newValue = generate(target.kind(), name);
        }
        boolean envHasNew = oldValue.equals(newValue);
        String previousValue = envHasNew ? readStateOr(name + ".old", oldValue) : oldValue;
        List<RenderedFile> state = new ArrayList<>();
        state.add(privateFile(name + ".new", newValue + "\n"));
        state.add(privateFile(name + ".old", previousValue + "\n"));
        if (target.kind() == Kind.POSTGRES_PASSWORD) {
            Database db = Objects.requireNonNull(database);
            state.add(privateFile(name + ".sql", alterRoleScript(db.role(), newValue)));
            state.add(privateFile(name + ".undo.sql", alterRoleScript(db.role(), previousValue)));
        }
        String nextEnv = replaceValue(envText, name, newValue);
        Scrubber scrub = new Scrubber(List.of(newValue, previousValue));

        Optional<String> unreachable = host.unreachable();
        if (unreachable.isPresent()) {
            state.add(privateFile(name + ".env", nextEnv));
            state.add(privateFile(name + ".env.sha256", BundleWriter.sha256(envText) + "  .env\n"));
            state.add(RenderedFile.of(GUIDE, guide(target, unreachable.get())));
            writer.commitHeld(dir, state);
            steps.add("the Docker host cannot be reached (" + scrub.apply(unreachable.get()) + "): nothing was changed in"
                    + " the stack and .env still holds the current value");
            steps.add("wrote " + GUIDE + " with the commands to run on the Docker host, in order; the new value waits in "
                    + STATE + "/ (mode 0600)");
            return new Outcome(name, false, List.of(), Optional.of(dir.resolve(GUIDE)), steps);
        }

        writer.commitHeld(dir, state);
        List<String> recreate = new ArrayList<>(target.readers());
        if (target.kind() == Kind.POSTGRES_PASSWORD) {
            Database db = Objects.requireNonNull(database);
            recreate.remove(db.service());
            ComposeHost.Result alter = host.exec(db.service(), psqlArgv(db), statePath(name + ".sql"));
            if (!alter.ok()) {
                if (!envHasNew) {
                    clearState(name);
                }
                throw new RotationException("ALTER ROLE " + db.role() + " in the service " + db.service() + " failed (exit "
                        + alter.exitCode() + "): " + scrub.apply(alter.output()).strip() + "\n"
                        + (envHasNew ? "The earlier, interrupted rotation stays pending; run kestra-stack rotate " + name
                                + " again once the database is up"
                                : "Nothing was changed: the role and .env keep the current password"), false);
            }
            steps.add("ALTER ROLE " + db.role() + " in " + db.service() + ": the role has the new password (Kestra's open"
                    + " connections stay authenticated)");
        }
        if (!envHasNew) {
            try {
                writer.commitHeld(dir, List.of(new RenderedFile(".env", nextEnv, RenderedFile.PRIVATE)));
            } catch (IOException | RuntimeException e) {
                throw new RotationException("writing .env failed (" + e.getClass().getSimpleName() + ": "
                        + scrub.apply(String.valueOf(e.getMessage())) + ").\n" + afterAlterState(target)
                        + "\nTo finish: fix the cause and run kestra-stack rotate " + name + " again (it reuses the new value)."
                        + (target.kind() == Kind.POSTGRES_PASSWORD ? "\nTo go back instead: " + undoCommand(name) : ""), false);
            }
            steps.add("wrote .env with the new value of " + name + " (mode 0600)");
        }
        if (!recreate.isEmpty()) {
            ComposeHost.Result up = host.recreate(recreate);
            if (!up.ok()) {
                throw new RotationException("recreating " + String.join(", ", recreate) + " failed (exit " + up.exitCode()
                        + "): " + scrub.apply(up.output()).strip() + "\n.env" + (target.kind() == Kind.POSTGRES_PASSWORD
                                ? " and the role hold" : " holds") + " the new value; the services still run with the old"
                        + " one until they are recreated.\nTo finish: fix the cause and run kestra-stack rotate " + name
                        + " again, or " + recreateCommand(recreate) + "; the old value stays in " + STATE + "/" + name
                        + ".old until then", false);
            }
            steps.add("recreated " + String.join(", ", recreate) + " with up -d --no-deps --force-recreate; healthy");
        }
        if (target.kind() == Kind.POSTGRES_PASSWORD) {
            Database db = Objects.requireNonNull(database);
            ComposeHost.Result check = host.exec(db.service(), verifyArgv(db), statePath(name + ".new"));
            if (!check.ok()) {
                throw new RotationException("the role " + db.role() + " does not accept the new password over the network"
                        + " (exit " + check.exitCode() + "): " + scrub.apply(check.output()).strip()
                        + "\nThe state is kept in " + STATE + "/; to go back: " + undoCommand(name)
                        + ", then put the old value from " + STATE + "/" + name + ".old into .env and "
                        + recreateCommand(recreate), false);
            }
            steps.add("checked: " + db.role() + " logs in with the new password over the network (scram)");
        }
        clearState(name);
        return new Outcome(name, true, recreate, Optional.empty(), steps);
    }

    private String afterAlterState(Rotatable target) {
        return target.kind() == Kind.POSTGRES_PASSWORD
                ? "The role " + Objects.requireNonNull(database).role() + " now has the NEW password, .env still holds the OLD"
                        + " one: Kestra keeps its open connections, new ones fail. The new value is in " + STATE + "/"
                        + target.name() + ".new, the old one in " + STATE + "/" + target.name() + ".old (mode 0600)."
                : ".env still holds the old value and nothing else was changed; the new value is in " + STATE + "/"
                        + target.name() + ".new.";
    }

    private String undoCommand(String name) {
        Database db = Objects.requireNonNull(database);
        return "docker compose exec -T " + db.service() + " " + String.join(" ", psqlArgv(db)) + " < " + STATE + "/" + name
                + ".undo.sql";
    }

    private static String recreateCommand(List<String> services) {
        return "docker compose up -d --no-deps --force-recreate --wait " + String.join(" ", services);
    }

    /** {@code psql} reading the rotation script from standard input, over the service's Unix socket. */
    static List<String> psqlArgv(Database db) {
        return List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-U", db.role(), "-d", db.database());
    }

    /**
     * A login with the password read from standard input, over TCP to the service's own network name: the
     * official image trusts the Unix socket and loopback, so only a network address tests the password.
     */
    static List<String> verifyArgv(Database db) {
        return List.of("sh", "-c", "IFS= read -r PGPASSWORD && export PGPASSWORD && exec psql -X -w -h \"$1\" -U \"$2\""
                + " -d \"$3\" -Atc 'select 1'", "sh", db.service(), db.role(), db.database());
    }

    /**
     * The psql script that sets {@code role}'s password: both go in as psql variables, so psql quotes them for
     * SQL ({@code :"role"} as an identifier, {@code :'password'} as a literal).
     */
    static String alterRoleScript(String role, String password) {
        return "\\encoding UTF8\n"
                + "\\set kestra_stack_role " + psqlArgument(role) + "\n"
                + "\\set kestra_stack_password " + psqlArgument(password) + "\n"
                + "ALTER ROLE :\"kestra_stack_role\" PASSWORD :'kestra_stack_password';\n"
                + "\\unset kestra_stack_password\n";
    }

    /**
     * {@code value} as one single-quoted argument of a psql meta-command: a quote doubled, a backslash
     * escaped, and line breaks and other control characters as three-digit octal escapes (psql's rules for
     * meta-command arguments), so that the whole script stays on one line per command.
     */
    static String psqlArgument(String value) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'') {
                out.append("''");
            } else if (c == '\\') {
                out.append("\\\\");
            } else if (c < 0x20 || c == 0x7f) {
                out.append('\\').append(String.format("%03o", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    private String guide(Rotatable target, String reason) {
        String name = target.name();
        String s = STATE + "/" + name;
        List<String> recreate = new ArrayList<>(target.readers());
        StringBuilder out = new StringBuilder();
        out.append("# Rotating ").append(name).append("\n\n");
        out.append("kestra-stack could not reach the Docker host (").append(new Scrubber(List.of()).apply(reason).strip())
                .append("), so it changed nothing in the running stack and `.env` still holds the current value. The new")
                .append(" value waits in `").append(STATE).append("/` (mode 0600); this file holds no value, and no")
                .append(" command below puts one on a command line.\n\n");
        out.append("Run the steps on the Docker host, in this directory, in this order. Or copy the whole directory")
                .append(" (with `.kestra-stack/`) there and run `kestra-stack rotate ").append(name)
                .append("`: it reuses the pending value and does all of it.\n\n");
        int n = 1;
        if (target.kind() == Kind.POSTGRES_PASSWORD) {
            Database db = Objects.requireNonNull(database);
            recreate.remove(db.service());
            out.append(n++).append(". Change the password of the role `").append(db.role())
                    .append("` inside the running database first (psql reads the script, which holds the value, from")
                    .append(" standard input). Kestra's open connections stay logged in.\n\n");
            out.append("       docker compose exec -T ").append(db.service()).append(' ').append(String.join(" ", psqlArgv(db)))
                    .append(" < ").append(s).append(".sql\n\n");
        }
        out.append(n++).append(". Put the new value into `.env`. The check refuses if `.env` changed since this file was")
                .append(" written; then run `kestra-stack rotate ").append(name).append("` again instead.\n\n");
        out.append("       sha256sum -c ").append(s).append(".env.sha256 && mv ").append(s).append(".env .env\n\n");
        out.append(n++).append(". Recreate only the services that read it:\n\n");
        out.append("       ").append(recreateCommand(recreate)).append("\n\n");
        if (target.kind() == Kind.POSTGRES_PASSWORD) {
            Database db = Objects.requireNonNull(database);
            out.append("   Not `docker compose up -d`: the environment of `").append(db.service()).append("` changed too, so")
                    .append(" Compose would recreate the database as well, a needless outage (the image reads")
                    .append(" `POSTGRES_PASSWORD` only when it creates its data directory).\n\n");
            out.append(n++).append(". Check that the role accepts the new password over the network:\n\n");
            out.append("       docker compose exec -T ").append(db.service()).append(' ')
                    .append(shellWords(verifyArgv(db))).append(" < ").append(s).append(".new\n\n");
        } else {
            out.append("   Not `docker compose up -d` alone: it would recreate the same services, but without `--wait` it does")
                    .append(" not tell you whether they came back healthy.\n\n");
        }
        out.append(n).append(". Remove the pending state (it holds the old and the new value):\n\n");
        out.append("       rm -f ").append(s).append(".* && rm ").append(GUIDE).append("\n\n");
        out.append("## If you stop half-way\n\n");
        if (target.kind() == Kind.POSTGRES_PASSWORD) {
            out.append("- After step 1 only: the database has the new password, `.env` the old one. Kestra keeps working")
                    .append(" on its open connections, but anything that connects anew (a restart, the next backup) is")
                    .append(" refused until steps 2 and 3 run. Go on with step 2, or go back with\n\n")
                    .append("      docker compose exec -T ").append(Objects.requireNonNull(database).service()).append(' ')
                    .append(String.join(" ", psqlArgv(database))).append(" < ").append(s).append(".undo.sql\n\n");
            out.append("- After step 2: the services still run with the old value until step 3; a restart of Kestra")
                    .append(" picks up the new one, which the database already accepts.\n");
            out.append("- Never run step 2 before step 1: a restarted Kestra would be refused by the database.\n");
        } else {
            out.append("- After step 2: Kestra runs with the old value until step 3 (or its next restart).\n");
        }
        return out.toString();
    }

    private static String shellWords(List<String> argv) {
        List<String> out = new ArrayList<>();
        for (String a : argv) {
            out.add(a.matches("[A-Za-z0-9_./=:-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return String.join(" ", out);
    }

    private static String generate(Kind kind, String name) {
        return switch (kind) {
            case POSTGRES_PASSWORD -> SecretAccess.reveal(Secret.generate(name));
            case BASIC_AUTH_PASSWORD -> SecretAccess.reveal(Secret.generatePassword(name));
            case ENCRYPTION_KEY -> SecretAccess.reveal(Secret.generateKey(name));
            case FLOW_SECRET -> Base64.getEncoder().encodeToString(
                    SecretAccess.reveal(Secret.generate(name)).getBytes(StandardCharsets.UTF_8));
        };
    }

    /** The one value of {@code name} in {@code .env}; a file that does not say it exactly once is refused. */
    private static String envValue(String envText, String name) {
        DotEnv.Result parsed = DotEnv.parse(envText);
        if (!parsed.problems().isEmpty()) {
            throw new RotationException("line " + parsed.problems().get(0).line() + " of .env cannot be read ("
                    + parsed.problems().get(0).message() + "); fix it first. Nothing was changed", false);
        }
        List<DotEnv.Entry> entries = parsed.entries().stream().filter(e -> e.name().equals(name)).toList();
        if (entries.size() != 1 || entries.get(0).value() == null) {
            throw new RotationException(".env must assign " + name + " exactly once, with a value; it has "
                    + entries.size() + " assignment(s). Nothing was changed", false);
        }
        return Objects.requireNonNull(entries.get(0).value());
    }

    /** {@code envText} with the statement assigning {@code name} replaced, every other byte kept. */
    static String replaceValue(String envText, String name, String value) {
        DotEnv.Entry entry = DotEnv.parse(envText).entries().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new RotationException(".env has no " + name, false));
        String[] lines = envText.split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= lines.length; i++) {
            if (i == entry.line()) {
                out.append(EnvText.assignment(name, value));
            } else if (i > entry.line() && i <= entry.endLine()) {
                continue;
            } else {
                out.append(lines[i - 1]);
            }
            if (i < lines.length) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static Map<String, String> envValues(Path dir) {
        String text = read(dir, ".env");
        return text == null ? Map.of() : DotEnv.parse(text).values();
    }

    private static RenderedFile privateFile(String name, String content) {
        return new RenderedFile(STATE + "/" + name, content, RenderedFile.PRIVATE);
    }

    private Path statePath(String name) throws IOException {
        return Confined.resolve(dir, STATE + "/" + name);
    }

    private @Nullable String readState(String name) throws IOException {
        Path p = statePath(name);
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.readString(p, StandardCharsets.UTF_8) : null;
    }

    private String readStateOr(String name, String fallback) throws IOException {
        String v = readState(name);
        return v == null ? fallback : v.endsWith("\n") ? v.substring(0, v.length() - 1) : v;
    }

    private @Nullable String pendingOtherThan(String name) throws IOException {
        Path state = Confined.resolve(dir, STATE);
        if (!Files.isDirectory(state, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (var files = Files.list(state)) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".new"))
                    .map(f -> f.substring(0, f.length() - 4)).filter(n -> !n.equals(name)).findFirst().orElse(null);
        }
    }

    private void clearState(String name) throws IOException {
        for (String suffix : List.of(".new", ".old", ".sql", ".undo.sql", ".env", ".env.sha256")) {
            Files.deleteIfExists(statePath(name + suffix));
        }
        Path guide = Confined.resolve(dir, GUIDE);
        if (Files.isRegularFile(guide, LinkOption.NOFOLLOW_LINKS)
                && Files.readString(guide, StandardCharsets.UTF_8).startsWith("# Rotating " + name + "\n")) {
            Files.delete(guide);
        }
    }

    private static @Nullable String read(Path dir, String path) {
        try {
            Path p = Confined.resolve(dir, path);
            return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.readString(p, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " in " + dir, e);
        }
    }

    /** The variables a compose value interpolates ({@code ${X}}; {@code $$} is a literal dollar). */
    static void interpolated(Object node, Set<String> into) {
        if (node instanceof Map<?, ?> m) {
            m.values().forEach(v -> interpolated(v, into));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> interpolated(v, into));
        } else if (node instanceof String s) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) != '$' || i + 1 >= s.length()) {
                    continue;
                }
                char next = s.charAt(i + 1);
                if (next == '$') {
                    i++;
                } else if (next == '{') {
                    int j = i + 2;
                    while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                        j++;
                    }
                    into.add(s.substring(i + 2, j));
                } else if (Character.isLetter(next) || next == '_') {
                    int j = i + 1;
                    while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                        j++;
                    }
                    into.add(s.substring(i + 1, j));
                }
            }
        }
    }

    private static Map<String, String> environment(Map<?, ?> service) {
        Map<String, String> out = new LinkedHashMap<>();
        Object env = service.get("environment");
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (env instanceof List<?> l) {
            for (Object o : l) {
                String s = String.valueOf(o);
                int eq = s.indexOf('=');
                if (eq > 0) {
                    out.put(s.substring(0, eq), s.substring(eq + 1));
                }
            }
        }
        return out;
    }

    private static @Nullable String reference(@Nullable Object value) {
        if (value instanceof String s) {
            Matcher m = REFERENCE.matcher(s.strip());
            if (m.matches()) {
                return m.group(1);
            }
        }
        return null;
    }

    /** Replaces every occurrence of the given values (and their SQL-quoted forms) in text that will be shown. */
    static final class Scrubber {
        private final List<String> values;

        Scrubber(List<String> values) {
            List<String> all = new ArrayList<>();
            for (String v : values) {
                if (!v.isEmpty()) {
                    all.add(v.replace("'", "''"));
                    all.add(v);
                }
            }
            all.sort((a, b) -> b.length() - a.length());
            this.values = all;
        }

        String apply(String text) {
            String out = text;
            for (String v : values) {
                out = out.replace(v, "<redacted>");
            }
            return io.kestrastack.internal.Text.printable(out);
        }
    }

    @Override
    public String toString() {
        return "SecretRotation[" + dir + ", " + String.join(", ", rotatable.keySet()) + "]";
    }
}
