package io.kestrastack.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.Secret;
import io.kestrastack.Stack;
import io.kestrastack.internal.DotEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretRotationTest {

    @TempDir
    Path dir;

    /** A Docker host that records every call with the .env value of the rotated name at that moment. */
    final class RecordingHost implements ComposeHost {
        final List<String> calls = new ArrayList<>();
        final List<List<String>> argvs = new ArrayList<>();
        final List<String> stdins = new ArrayList<>();
        final String watched;
        @Nullable String unreachable;
        Function<String, Result> answer = call -> new Result(0, "");

        RecordingHost(String watched) {
            this.watched = watched;
        }

        private String envNow() {
            return env().get(watched);
        }

        @Override
        public Optional<String> unreachable() {
            calls.add("probe");
            return Optional.ofNullable(unreachable);
        }

        @Override
        public Result exec(String service, List<String> argv, @Nullable Path stdin) {
            String call = "exec " + service + " " + argv.get(0) + " env=" + envNow();
            calls.add(call);
            argvs.add(argv);
            try {
                stdins.add(stdin == null ? "" : Files.readString(stdin));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return answer.apply(call);
        }

        @Override
        public Result recreate(List<String> services) {
            String call = "recreate " + services + " env=" + envNow();
            calls.add(call);
            argvs.add(services);
            return answer.apply(call);
        }
    }

    static Stack stack() {
        return Stack.builder().publicAddress("https://localhost")
                .kestra(k -> k.basicAuth("admin@example.com", Secret.generatePassword("BASIC_AUTH_PASSWORD"))
                        .addFlowSecret(Secret.of("SECRET_GITHUB_TOKEN", "ghp-example")))
                .build();
    }

    private Map<String, String> env() {
        try {
            return DotEnv.parse(Files.readString(dir.resolve(".env"))).values();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private String envText() throws IOException {
        return Files.readString(dir.resolve(".env"));
    }

    private void assertNoSecretIn(RecordingHost host, String... values) {
        for (List<String> argv : host.argvs) {
            for (String arg : argv) {
                for (String v : values) {
                    assertFalse(arg.contains(v), () -> "a secret value in the argument list " + argv);
                }
            }
        }
    }

    private List<String> stateFiles() throws IOException {
        Path state = dir.resolve(SecretRotation.STATE);
        if (!Files.isDirectory(state)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(state)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void finds_the_generated_secrets_and_their_readers_in_the_rendered_compose_file() {
        StackBundle.of(stack()).writeTo(dir);
        List<SecretRotation.Rotatable> found = SecretRotation.of(dir).rotatable();
        assertEquals(List.of(
                new SecretRotation.Rotatable("POSTGRES_PASSWORD", SecretRotation.Kind.POSTGRES_PASSWORD,
                        List.of("postgres", "kestra", "backup")),
                new SecretRotation.Rotatable("BASIC_AUTH_PASSWORD", SecretRotation.Kind.BASIC_AUTH_PASSWORD, List.of("kestra")),
                new SecretRotation.Rotatable("ENCRYPTION_SECRET_KEY", SecretRotation.Kind.ENCRYPTION_KEY, List.of("kestra")),
                new SecretRotation.Rotatable("SECRET_GITHUB_TOKEN", SecretRotation.Kind.FLOW_SECRET, List.of("kestra"))),
                found);
    }

    @Test
    void kinds_come_from_the_bundle_structure_not_from_fixed_names() {
        Stack stack = Stack.builder().publicAddress("http://localhost:8080")
                .postgres(p -> p.password(Secret.generate("DB_ROLE_PW")))
                .kestra(k -> k.basicAuth("ops@example.com", Secret.generatePassword("UI_PW"))
                        .encryptionKey(Secret.generateKey("KEY_OF_KESTRA")))
                .build();
        StackBundle.of(stack, Operations.builder().noBackups().build()).writeTo(dir);
        Map<String, SecretRotation.Kind> kinds = new java.util.LinkedHashMap<>();
        SecretRotation.of(dir).rotatable().forEach(r -> kinds.put(r.name(), r.kind()));
        assertEquals(Map.of("DB_ROLE_PW", SecretRotation.Kind.POSTGRES_PASSWORD, "UI_PW",
                SecretRotation.Kind.BASIC_AUTH_PASSWORD, "KEY_OF_KESTRA", SecretRotation.Kind.ENCRYPTION_KEY), kinds);
        assertEquals(List.of("postgres", "kestra"), SecretRotation.of(dir).rotatable().get(0).readers(),
                "without the backup service only Kestra reads the password besides Postgres");
    }

    @Test
    void postgres_password_alter_role_first_then_env_then_only_its_readers_then_a_network_login() throws IOException {
        StackBundle.of(stack()).writeTo(dir);
        String before = envText();
        String old = env().get("POSTGRES_PASSWORD");
        RecordingHost host = new RecordingHost("POSTGRES_PASSWORD");
        SecretRotation.Outcome outcome = SecretRotation.of(dir).rotate("POSTGRES_PASSWORD", host, false);
        String fresh = env().get("POSTGRES_PASSWORD");

        assertNotEquals(old, fresh);
        assertTrue(fresh.matches("[A-Za-z0-9]{32}"), "the generator of fresh secrets: 32 alphanumerics");
        assertEquals(List.of(
                "probe",
                "exec postgres psql env=" + old,
                "recreate [kestra, backup] env=" + fresh,
                "exec postgres sh env=" + fresh), host.calls);
        assertEquals(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-U", "kestra", "-d", "kestra"), host.argvs.get(0));
        assertEquals(SecretRotation.alterRoleScript("kestra", fresh), host.stdins.get(0), "the new value reaches psql on stdin");
        assertEquals(fresh + "\n", host.stdins.get(1), "the login check reads the new value from stdin");
        assertNoSecretIn(host, old, fresh);
        assertEquals(before.replace("POSTGRES_PASSWORD='" + old + "'", "POSTGRES_PASSWORD='" + fresh + "'"), envText(),
                "every other byte of .env is kept");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".env"))));
        assertEquals(List.of(), stateFiles(), "no pending state after success");
        assertTrue(outcome.applied());
        assertEquals(List.of("kestra", "backup"), outcome.recreated());
        assertFalse(String.join("\n", outcome.steps()).contains(fresh));
        assertFalse(outcome.toString().contains(fresh) || outcome.toString().contains(old));
    }

    @Test
    void basic_auth_and_flow_secrets_are_env_then_kestra_with_values_from_the_bundles_generators() throws IOException {
        StackBundle.of(stack()).writeTo(dir);
        String oldAuth = env().get("BASIC_AUTH_PASSWORD");
        RecordingHost host = new RecordingHost("BASIC_AUTH_PASSWORD");
        SecretRotation.of(dir).rotate("BASIC_AUTH_PASSWORD", host, false);
        String auth = env().get("BASIC_AUTH_PASSWORD");
        assertEquals(List.of("probe", "recreate [kestra] env=" + auth), host.calls);
        assertNotEquals(oldAuth, auth);
        assertTrue(auth.matches("[A-Za-z0-9]{32}") && auth.matches(".*[a-z].*") && auth.matches(".*[A-Z].*")
                && auth.matches(".*[0-9].*"), "Kestra's basic-auth policy");

        RecordingHost flow = new RecordingHost("SECRET_GITHUB_TOKEN");
        SecretRotation.of(dir).rotate("SECRET_GITHUB_TOKEN", flow, false);
        String token = new String(Base64.getDecoder().decode(env().get("SECRET_GITHUB_TOKEN")), StandardCharsets.UTF_8);
        assertTrue(token.matches("[A-Za-z0-9]{32}"), "stored base64-encoded, as Kestra reads SECRET_ variables");
        assertEquals(List.of("probe", "recreate [kestra] env=" + env().get("SECRET_GITHUB_TOKEN")), flow.calls);
        assertNoSecretIn(host, oldAuth, auth);
    }

    @Test
    void the_encryption_key_is_refused_unless_forced_and_the_refusal_says_why() throws IOException {
        StackBundle.of(stack()).writeTo(dir);
        String before = envText();
        RecordingHost host = new RecordingHost("ENCRYPTION_SECRET_KEY");
        SecretRotation.RotationException e = assertThrows(SecretRotation.RotationException.class,
                () -> SecretRotation.of(dir).rotate("ENCRYPTION_SECRET_KEY", host, false));
        assertTrue(e.getMessage().contains("unreadable") && e.getMessage().contains("--force"), e.getMessage());
        assertEquals(before, envText());
        assertEquals(List.of(), host.calls, "refused before the host is even asked");

        SecretRotation.of(dir).rotate("ENCRYPTION_SECRET_KEY", host, true);
        assertEquals(32, Base64.getDecoder().decode(env().get("ENCRYPTION_SECRET_KEY")).length);
        assertEquals(List.of("probe", "recreate [kestra] env=" + env().get("ENCRYPTION_SECRET_KEY")), host.calls);
    }

    @Test
    void an_unknown_name_is_a_usage_error_listing_the_rotatable_names() {
        StackBundle.of(stack()).writeTo(dir);
        SecretRotation.RotationException e = assertThrows(SecretRotation.RotationException.class,
                () -> SecretRotation.of(dir).rotate("NOPE", new RecordingHost("NOPE"), false));
        assertTrue(e.usage());
        assertTrue(e.getMessage().endsWith("rotatable: POSTGRES_PASSWORD, BASIC_AUTH_PASSWORD, ENCRYPTION_SECRET_KEY,"
                + " SECRET_GITHUB_TOKEN"), e.getMessage());
    }

    @Test
    void alter_role_failing_changes_nothing_and_its_output_is_scrubbed_of_the_values() throws IOException {
        StackBundle.of(stack()).writeTo(dir);
        String before = envText();
        String old = env().get("POSTGRES_PASSWORD");
        RecordingHost host = new RecordingHost("POSTGRES_PASSWORD");
        String[] seen = new String[1];
        host.answer = call -> {
            if (call.startsWith("exec postgres psql")) {
                String script = host.stdins.get(host.stdins.size() - 1);
                seen[0] = script.substring(script.indexOf("password '") + 10, script.indexOf("'\nALTER"));
                // psql quotes the failing statement back: the new value must not reach the message
                return new ComposeHost.Result(3, "ERROR: boom\nLINE 1: ALTER ROLE \"kestra\" PASSWORD '" + seen[0]
                        + "' old " + old);
            }
            return new ComposeHost.Result(0, "");
        };
        SecretRotation.RotationException e = assertThrows(SecretRotation.RotationException.class,
                () -> SecretRotation.of(dir).rotate("POSTGRES_PASSWORD", host, false));
        assertTrue(e.getMessage().contains("Nothing was changed"), e.getMessage());
        assertFalse(e.getMessage().contains(seen[0]) || e.getMessage().contains(old), e.getMessage());
        assertTrue(e.getMessage().contains("<redacted>"), e.getMessage());
        assertEquals(before, envText());
        assertEquals(List.of(), stateFiles());
        assertEquals(2, host.calls.size(), "no recreate after a failed ALTER ROLE: " + host.calls);
    }

    @Test
    void env_failing_after_alter_role_says_the_state_and_the_way_back_and_a_rerun_finishes_with_the_same_value()
            throws IOException {
        StackBundle.of(stack()).writeTo(dir);
        String before = envText();
        String old = env().get("POSTGRES_PASSWORD");
        RecordingHost host = new RecordingHost("POSTGRES_PASSWORD");
        SecretRotation failing = SecretRotation.of(dir).withHook((step, path) -> {
            if (step.equals("stage") && path.equals(".env")) {
                throw new IOException("disk full");
            }
        });
        SecretRotation.RotationException e = assertThrows(SecretRotation.RotationException.class,
                () -> failing.rotate("POSTGRES_PASSWORD", host, false));
        String pending = Files.readString(dir.resolve(SecretRotation.STATE + "/POSTGRES_PASSWORD.new")).strip();
        assertTrue(e.getMessage().contains("now has the NEW password, .env still holds the OLD"), e.getMessage());
        assertTrue(e.getMessage().contains("POSTGRES_PASSWORD.undo.sql"), e.getMessage());
        assertFalse(e.getMessage().contains(pending) || e.getMessage().contains(old));
        assertEquals(before, envText(), ".env untouched by the failed write");
        assertEquals(old + "\n", Files.readString(dir.resolve(SecretRotation.STATE + "/POSTGRES_PASSWORD.old")));
        assertEquals(SecretRotation.alterRoleScript("kestra", old),
                Files.readString(dir.resolve(SecretRotation.STATE + "/POSTGRES_PASSWORD.undo.sql")), "the way back");
        for (String f : stateFiles()) {
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve(SecretRotation.STATE + "/" + f))), f);
        }

        RecordingHost again = new RecordingHost("POSTGRES_PASSWORD");
        SecretRotation.Outcome done = SecretRotation.of(dir).rotate("POSTGRES_PASSWORD", again, false);
        assertEquals(pending, env().get("POSTGRES_PASSWORD"), "the rerun reuses the value the role already has");
        assertEquals(SecretRotation.alterRoleScript("kestra", pending), again.stdins.get(0));
        assertTrue(done.steps().get(0).startsWith("resumed"), done.steps().toString());
        assertEquals(List.of(), stateFiles());
    }

    @Test
    void recreate_failing_keeps_the_state_and_a_rerun_finishes() throws IOException {
        StackBundle.of(stack()).writeTo(dir);
        RecordingHost host = new RecordingHost("POSTGRES_PASSWORD");
        host.answer = call -> call.startsWith("recreate") ? new ComposeHost.Result(1, "kestra is unhealthy")
                : new ComposeHost.Result(0, "");
        SecretRotation.RotationException e = assertThrows(SecretRotation.RotationException.class,
                () -> SecretRotation.of(dir).rotate("POSTGRES_PASSWORD", host, false));
        String fresh = env().get("POSTGRES_PASSWORD");
        assertTrue(e.getMessage().contains("recreating kestra, backup failed") && e.getMessage().contains(
                "docker compose up -d --no-deps --force-recreate --wait kestra backup"), e.getMessage());
        assertTrue(stateFiles().contains("POSTGRES_PASSWORD.old"), stateFiles().toString());

        RecordingHost again = new RecordingHost("POSTGRES_PASSWORD");
        SecretRotation.of(dir).rotate("POSTGRES_PASSWORD", again, false);
        assertEquals(fresh, env().get("POSTGRES_PASSWORD"));
        assertEquals(List.of("probe", "exec postgres psql env=" + fresh, "recreate [kestra, backup] env=" + fresh,
                "exec postgres sh env=" + fresh), again.calls);
        assertEquals(List.of(), stateFiles());
    }

    @Test
    void a_refused_login_after_rotation_fails_the_rotation() {
        StackBundle.of(stack()).writeTo(dir);
        RecordingHost host = new RecordingHost("POSTGRES_PASSWORD");
        host.answer = call -> call.startsWith("exec postgres sh") ? new ComposeHost.Result(2,
                "password authentication failed for user \"kestra\"") : new ComposeHost.Result(0, "");
        SecretRotation.RotationException e = assertThrows(SecretRotation.RotationException.class,
                () -> SecretRotation.of(dir).rotate("POSTGRES_PASSWORD", host, false));
        assertTrue(e.getMessage().contains("does not accept the new password"), e.getMessage());
    }

    @Test
    void an_unreachable_host_gets_rotate_md_and_a_pending_value_and_its_steps_work_from_a_shell() throws Exception {
        StackBundle.of(stack()).writeTo(dir);
        String before = envText();
        String old = env().get("POSTGRES_PASSWORD");
        RecordingHost host = new RecordingHost("POSTGRES_PASSWORD");
        host.unreachable = "cannot run docker: No such file or directory";
        SecretRotation.Outcome outcome = SecretRotation.of(dir).rotate("POSTGRES_PASSWORD", host, false);
        assertFalse(outcome.applied());
        assertEquals(List.of("probe"), host.calls, "nothing run on an unreachable host");
        assertEquals(before, envText(), ".env keeps the value the database still has");
        String pending = Files.readString(dir.resolve(SecretRotation.STATE + "/POSTGRES_PASSWORD.new")).strip();
        String guide = Files.readString(dir.resolve("ROTATE.md"));
        assertFalse(guide.contains(pending) || guide.contains(old), "ROTATE.md holds no value");
        int alter = guide.indexOf("psql -X -q -v ON_ERROR_STOP=1 -U kestra -d kestra < .kestra-stack/rotate/POSTGRES_PASSWORD.sql");
        int env = guide.indexOf("mv .kestra-stack/rotate/POSTGRES_PASSWORD.env .env");
        int up = guide.indexOf("docker compose up -d --no-deps --force-recreate --wait kestra backup");
        assertTrue(alter > 0 && env > alter && up > env, guide);
        assertFalse(guide.contains("--wait postgres"), guide);

        // step 2 as written, in a real shell: the .env it installs is the bundle's .env with the one value changed
        String step2 = guide.lines().filter(l -> l.contains("sha256sum -c")).findFirst().orElseThrow().strip();
        Process p = new ProcessBuilder("sh", "-c", step2).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals(pending, env().get("POSTGRES_PASSWORD"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".env"))));

        // an operator who stopped there finishes with rotate: same value, ALTER ROLE again, readers recreated
        RecordingHost reachable = new RecordingHost("POSTGRES_PASSWORD");
        SecretRotation.of(dir).rotate("POSTGRES_PASSWORD", reachable, false);
        assertEquals(pending, env().get("POSTGRES_PASSWORD"));
        assertEquals(SecretRotation.alterRoleScript("kestra", pending), reachable.stdins.get(0));
        assertEquals(List.of(), stateFiles());
        assertFalse(Files.exists(dir.resolve("ROTATE.md")), "ROTATE.md of the finished rotation is removed");
    }

    @Test
    void the_env_check_of_rotate_md_refuses_a_changed_env() throws Exception {
        StackBundle.of(stack()).writeTo(dir);
        RecordingHost host = new RecordingHost("BASIC_AUTH_PASSWORD");
        host.unreachable = "docker compose ps failed";
        SecretRotation.of(dir).rotate("BASIC_AUTH_PASSWORD", host, false);
        Files.writeString(dir.resolve(".env"), envText() + "EXTRA='1'\n");
        String changed = envText();
        String step = Files.readString(dir.resolve("ROTATE.md")).lines().filter(l -> l.contains("sha256sum -c"))
                .findFirst().orElseThrow().strip();
        Process p = new ProcessBuilder("sh", "-c", step).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertNotEquals(0, p.waitFor());
        assertEquals(changed, envText(), "the newer .env is not overwritten");
    }

    @Test
    void a_second_name_waits_for_the_pending_rotation() {
        StackBundle.of(stack()).writeTo(dir);
        RecordingHost host = new RecordingHost("POSTGRES_PASSWORD");
        host.unreachable = "no docker";
        SecretRotation.of(dir).rotate("POSTGRES_PASSWORD", host, false);
        SecretRotation.RotationException e = assertThrows(SecretRotation.RotationException.class,
                () -> SecretRotation.of(dir).rotate("BASIC_AUTH_PASSWORD", new RecordingHost("BASIC_AUTH_PASSWORD"), false));
        assertTrue(e.getMessage().contains("rotation of POSTGRES_PASSWORD is pending"), e.getMessage());
    }

    @Test
    void psql_arguments_keep_every_character_on_one_line() {
        assertEquals("'it''s'", SecretRotation.psqlArgument("it's"));
        assertEquals("'a\\\\b'", SecretRotation.psqlArgument("a\\b"));
        assertEquals("'x\\012y\\015\\011'", SecretRotation.psqlArgument("x\ny\r\t"));
        assertEquals("'$1 :\"v\" ;'", SecretRotation.psqlArgument("$1 :\"v\" ;"));
    }
}
