package io.kestrastack.rehearsal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.Stack;
import io.kestrastack.bundle.ComposeHost;
import io.kestrastack.bundle.SecretRotation;
import io.kestrastack.bundle.StackBundle;
import io.kestrastack.internal.DotEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotation of the Postgres password against a rehearsed stack (real PostgreSQL, the Micronaut stand-in whose readiness
 * includes a JDBC connection with the rendered configuration, the rendered backup service): first with the
 * {@code ALTER ROLE} skipped, which must leave the recreated stand-in unhealthy; then finishing the same rotation
 * for real, after which the old password is refused over the network, the new one works and the stand-in is healthy.
 */
class RotationRehearsalTest {

    @TempDir
    Path dir;

    /** The rehearsed stack as the Docker host; optionally pretending to run psql without running it. */
    static final class RehearsedHost implements ComposeHost {
        private final RunningStack running;
        private final boolean skipAlterRole;
        final List<String> calls = new ArrayList<>();

        RehearsedHost(RunningStack running, boolean skipAlterRole) {
            this.running = running;
            this.skipAlterRole = skipAlterRole;
        }

        @Override
        public Optional<String> unreachable() {
            return Optional.empty();
        }

        @Override
        public Result exec(String service, List<String> argv, @Nullable Path stdin) {
            calls.add("exec " + service + " " + argv.get(0));
            if (skipAlterRole && argv.get(0).equals("psql")) {
                return new Result(0, "");
            }
            Exec.Result r = running.exec(service, argv, stdin, Duration.ofSeconds(60));
            return new Result(r.exitCode(), r.output());
        }

        @Override
        public Result recreate(List<String> services) {
            calls.add("recreate " + services);
            try {
                running.recreate(services);
                return new Result(0, "");
            } catch (RehearsalFailure e) {
                return new Result(1, String.valueOf(e.getMessage()));
            }
        }
    }

    private static String env(Path bundle, String name) {
        try {
            return DotEnv.parse(Files.readString(bundle.resolve(".env"))).values().get(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A login over the network (to the service's address, where scram-sha-256 applies), from Kestra's service. */
    private static Exec.Result login(RunningStack running, String password) {
        try {
            Path file = Files.createTempFile(running.bundle().getParent(), "pw", ".txt",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password + "\n");
            try {
                return running.exec("kestra", List.of("sh", "-c", "IFS= read -r PGPASSWORD && export PGPASSWORD"
                        + " && exec psql -X -w -h postgres -U kestra -d kestra -Atc 'select count(*) from rehearsal_seed'"),
                        file, Duration.ofSeconds(30));
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void thePostgresPasswordRotatesWhileTheStackIsUpAndASkippedAlterRoleIsCaught() {
        Stack stack = Stack.builder().name("rh-rotate").kestra(k -> k.username("admin@example.com")).noEdge()
                .publicAddress("http://localhost:8080").build();
        Path bundle = dir.resolve(stack.name());
        StackBundle.of(stack).writeTo(bundle);
        Log log = new Log(System.out, stack.name());
        new Rehearsal(bundle, log, Rehearsal.DEFAULT_TIME_SCALE, false).run(running -> {
            Path copy = running.bundle();
            String old = env(copy, "POSTGRES_PASSWORD");

            // Broken on purpose: .env and the readers change, the role does not. The recreated stand-in's readiness
            // opens a JDBC connection with the new password, which Postgres refuses: it never turns healthy.
            RehearsedHost skipping = new RehearsedHost(running, true);
            SecretRotation.RotationException broken = assertThrows(SecretRotation.RotationException.class,
                    () -> SecretRotation.of(copy).rotate("POSTGRES_PASSWORD", skipping, false));
            String pending = env(copy, "POSTGRES_PASSWORD");
            assertNotEquals(old, pending);
            assertTrue(broken.getMessage().startsWith("recreating kestra, backup failed"), broken.getMessage());
            assertTrue(!broken.getMessage().contains(pending) && !broken.getMessage().contains(old), "no value in the message");
            assertEquals(List.of("exec postgres psql", "recreate [kestra, backup]"), skipping.calls);
            running.log().pass("rotation without ALTER ROLE: the recreated stand-in does not turn healthy");

            // The same rotation, finished for real: ALTER ROLE with the pending value, .env as it is, readers recreated.
            RehearsedHost real = new RehearsedHost(running, false);
            SecretRotation.Outcome done = SecretRotation.of(copy).rotate("POSTGRES_PASSWORD", real, false);
            assertTrue(done.applied());
            assertEquals(pending, env(copy, "POSTGRES_PASSWORD"), "the rerun keeps the pending value");
            assertEquals(List.of("exec postgres psql", "recreate [kestra, backup]", "exec postgres sh"), real.calls);

            Exec.Result refused = login(running, old);
            assertTrue(!refused.ok() && refused.output().contains("password authentication failed"),
                    () -> "the old password: " + refused.output());
            Exec.Result accepted = login(running, pending);
            assertTrue(accepted.ok() && accepted.stdout().strip().equals("3"), () -> "the new password: " + accepted.output());
            Exec.Result ready = running.exec("kestra", List.of("curl", "-fsS", "http://localhost:8081/health/readiness"),
                    null, Duration.ofSeconds(30));
            assertTrue(ready.ok(), () -> "the stand-in's readiness (JDBC included): " + ready.output());
            running.log().pass("rotated POSTGRES_PASSWORD: old refused, new accepted over the network, stand-in ready");
        });
    }
}
