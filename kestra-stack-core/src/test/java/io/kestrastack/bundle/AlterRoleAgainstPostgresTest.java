package io.kestrastack.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.jspecify.annotations.Nullable;

/**
 * The rotation's psql script against a real PostgreSQL (Debian's, a throw-away cluster on loopback started here):
 * whatever the password, the role afterwards accepts exactly it over TCP with scram-sha-256, and the previous one
 * is refused. Fails (never skips) when Debian's {@code postgresql} is not installed: {@code .ci/install-tools}.
 */
class AlterRoleAgainstPostgresTest {

    private static @Nullable Path root;
    private static int port;
    private static String current = "initial-Passw0rd";

    private static Path bin(String program) throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            throw new IllegalStateException("Debian's PostgreSQL is missing (/usr/lib/postgresql): run .ci/install-tools"
                    + " (apt-get install postgresql)");
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin").resolve(program)).filter(Files::isExecutable)
                    .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException(program + " is missing under " + base));
        }
    }

    record Run(int exit, String output) {}

    private static Run run(List<String> argv, @Nullable Path stdin, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().remove("PGPASSWORD");
        pb.environment().putAll(env);
        pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                : ProcessBuilder.Redirect.from(stdin.toFile()));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + argv);
        }
        return new Run(p.exitValue(), out);
    }

    private static List<String> asPostgres(String... argv) {
        List<String> out = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        out.addAll(List.of(argv));
        return out;
    }

    @BeforeContainer
    static void startCluster() throws Exception {
        Path dir = Files.createTempDirectory("rotate-pg");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        root = dir;
        Path data = dir.resolve("data");
        Files.createDirectory(data);
        run(List.of("chown", "postgres:postgres", data.toString(), dir.toString()), null, Map.of());
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run init = run(asPostgres(bin("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--no-locale",
                "-E", "UTF8", "--auth-local=trust", "--auth-host=scram-sha-256"), null, Map.of());
        assertEquals(0, init.exit(), init.output());
        Run start = run(asPostgres(bin("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
                "-o", "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir, "-w", "start"), null, Map.of());
        assertEquals(0, start.exit(), start.output());
        Run role = admin("CREATE ROLE kestra LOGIN PASSWORD '" + current + "'");
        assertEquals(0, role.exit(), role.output());
    }

    @AfterContainer
    static void stopCluster() throws Exception {
        if (root != null) {
            run(asPostgres(bin("pg_ctl").toString(), "-D", root.resolve("data").toString(), "-m", "immediate", "stop"),
                    null, Map.of());
            run(List.of("rm", "-rf", root.toString()), null, Map.of());
        }
    }

    private static Run admin(String sql) throws Exception {
        return run(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", String.valueOf(root), "-p",
                String.valueOf(port), "-U", "postgres", "-d", "postgres", "-c", sql), null, Map.of());
    }

    /** Runs the rotation's script as the rotation does: psql over the Unix socket, the script on stdin. */
    private static Run alter(String role, String password) throws Exception {
        Path script = Files.createTempFile(root, "alter", ".sql");
        Files.writeString(script, SecretRotation.alterRoleScript(role, password), StandardCharsets.UTF_8);
        List<String> argv = new ArrayList<>(SecretRotation.psqlArgv(new SecretRotation.Database("postgres", "postgres",
                "postgres")));
        argv.addAll(List.of("-h", String.valueOf(root), "-p", String.valueOf(port)));
        try {
            return run(argv, script, Map.of());
        } finally {
            Files.delete(script);
        }
    }

    private static boolean logsIn(String role, String password) throws Exception {
        Run login = run(List.of("psql", "-X", "-w", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", role, "-d",
                "postgres", "-Atc", "select 1"), null, Map.of("PGPASSWORD", password));
        return login.exit() == 0 && login.output().strip().equals("1");
    }

    @Property(tries = 40)
    void any_password_is_set_byte_for_byte_and_the_old_one_is_refused(@ForAll("hostile") String password) throws Exception {
        Run alter = alter("kestra", password);
        assertEquals(0, alter.exit(), () -> "psql failed: " + alter.output());
        assertTrue(logsIn("kestra", password), "the new password is accepted");
        if (!password.equals(current)) {
            assertTrue(!logsIn("kestra", current), "the old password is refused");
        }
        current = password;
    }

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> quoting = Arbitraries.strings()
                .withChars("'\"\\$:;{}()`%&|<>#!*?~ \t\n\rabcXYZ019é€")
                .withCharRange('\u4e00', '\u4e05')
                .ofMinLength(1).ofMaxLength(40);
        Arbitrary<String> crafted = Arbitraries.of(
                "x'; DROP ROLE kestra; --",
                "\\set kestra_stack_password 'other'",
                ":'kestra_stack_password'",
                "' || pg_sleep(0) || '",
                "end\\",
                "line\nALTER ROLE postgres PASSWORD 'owned';",
                "\\! touch /tmp/kestra-stack-owned",
                "$$dollar$$ ${POSTGRES_PASSWORD} `id`",
                "\ud83d\udd11 key");
        return Arbitraries.oneOf(quoting, crafted);
    }

    @Example
    void a_role_whose_name_needs_quoting_works_too() throws Exception {
        assertEquals(0, admin("CREATE ROLE \"Odd \"\"role\"\" ;\" LOGIN PASSWORD 'first-0ne'").exit());
        Run alter = alter("Odd \"role\" ;", "second'Tw0\\");
        assertEquals(0, alter.exit(), alter.output());
        assertTrue(logsIn("Odd \"role\" ;", "second'Tw0\\"));
        assertTrue(!logsIn("Odd \"role\" ;", "first-0ne"));
        assertTrue(!Files.exists(Path.of("/tmp/kestra-stack-owned")), "no psql shell escape ran");
    }
}
