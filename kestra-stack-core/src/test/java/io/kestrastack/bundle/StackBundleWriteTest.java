package io.kestrastack.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.Secret;
import io.kestrastack.Stack;
import io.kestrastack.internal.DotEnv;
import io.kestrastack.render.RenderedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StackBundleWriteTest {

    @TempDir
    Path dir;

    static Stack stack(String postgresPassword) {
        return Stack.builder()
                .publicAddress("http://localhost:8080")
                .postgres(p -> p.password(Secret.of("POSTGRES_PASSWORD", postgresPassword)))
                .kestra(k -> k.basicAuth("admin@example.com", Secret.of("BASIC_AUTH_PASSWORD", "Adm1nPassw0rd"))
                        .encryptionKey(Secret.of("ENCRYPTION_SECRET_KEY", "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY=")))
                .build();
    }

    private Map<String, String> snapshot() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                out.put(dir.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void writes_every_file_of_the_bundle_with_env_private_and_others_readable() throws IOException {
        StackBundle bundle = StackBundle.of(stack("first-password"));
        bundle.writeTo(dir);
        for (RenderedFile f : bundle.files()) {
            assertEquals(f.content(), Files.readString(dir.resolve(f.path())), f.path());
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".env"))));
        assertEquals("rw-r--r--",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("docker-compose.yml"))));
        assertFalse(Files.exists(dir.resolve(".kestra-stack/staging")), "staging is cleaned up");
        assertTrue(Files.readString(dir.resolve(".gitignore")).lines().anyMatch(".env"::equals));
    }

    @Test
    void regenerating_keeps_every_existing_secret_and_adds_only_missing_variables() throws IOException {
        StackBundle.of(stack("first-password")).writeTo(dir);
        String env = Files.readString(dir.resolve(".env"));
        // the operator removes one variable and adds one of their own
        env = env.replaceAll("(?m)^ENCRYPTION_SECRET_KEY=.*$", "") + "MY_OWN_TOKEN='keep-me'\n";
        Files.writeString(dir.resolve(".env"), env);

        StackBundle.of(stack("rotated-password")).writeTo(dir);

        Map<String, String> values = DotEnv.parse(Files.readString(dir.resolve(".env"))).values();
        assertEquals("first-password", values.get("POSTGRES_PASSWORD"), "the Postgres password is never rotated");
        assertEquals("c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY=", values.get("ENCRYPTION_SECRET_KEY"),
                "a missing variable is added");
        assertEquals("keep-me", values.get("MY_OWN_TOKEN"), "an unreferenced variable is kept");
    }

    @Test
    void a_file_edited_by_hand_is_not_overwritten_without_force() throws IOException {
        StackBundle.of(stack("pw-one")).writeTo(dir);
        Path compose = dir.resolve("docker-compose.yml");
        String edited = Files.readString(compose) + "# my edit\n";
        Files.writeString(compose, edited);
        Map<String, String> before = snapshot();

        StackBundle changed = StackBundle.of(stack("pw-one").toBuilder().name("renamed").build());
        BundleConflictException e = assertThrows(BundleConflictException.class, () -> changed.writeTo(dir));

        assertEquals("docker-compose.yml", e.violations().get(0).path());
        assertEquals("edited-file", e.violations().get(0).code());
        assertEquals(before, snapshot(), "nothing was written");

        changed.writeTo(dir, true);
        assertEquals(changed.content("docker-compose.yml"), Files.readString(compose));
    }

    @Test
    void an_unedited_generated_file_is_updated_without_force() throws IOException {
        StackBundle.of(stack("pw-one")).writeTo(dir);
        StackBundle changed = StackBundle.of(stack("pw-one").toBuilder().name("renamed").build());
        BundlePlan plan = changed.writeTo(dir);
        assertTrue(plan.changes().stream()
                .anyMatch(c -> c.path().equals("docker-compose.yml") && c.action() == FileChange.Action.UPDATE));
        assertEquals(changed.content("docker-compose.yml"), Files.readString(dir.resolve("docker-compose.yml")));
    }

    @Test
    void dry_run_writes_nothing_and_shows_a_diff_without_secret_values() throws IOException {
        StackBundle.of(stack("pw-one")).writeTo(dir);
        Map<String, String> before = snapshot();
        StackBundle changed = StackBundle.of(stack("another-secret-value").toBuilder().name("renamed").build());

        BundlePlan plan = changed.plan(dir, false);

        assertEquals(before, snapshot());
        assertTrue(plan.unifiedDiff().contains("-name: kestra\n+name: renamed\n"), plan.unifiedDiff());
        assertFalse(plan.unifiedDiff().contains("pw-one"));
        assertFalse(plan.unifiedDiff().contains("another-secret-value"));
        assertFalse(plan.unifiedDiff().contains("Adm1nPassw0rd"));
    }

    @Test
    void dry_run_into_an_empty_directory_shows_every_file_as_created() {
        BundlePlan plan = StackBundle.of(stack("pw-one")).plan(dir.resolve("new"), false);
        assertTrue(plan.changes().stream().allMatch(c -> c.action() == FileChange.Action.CREATE));
        assertFalse(Files.exists(dir.resolve("new")));
        assertFalse(plan.unifiedDiff().contains("pw-one"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"stage:docker-compose.yml", "stage:BACKUP.md", "commit:.kestra-stack/commit",
        "move:docker-compose.yml", "move:.env", "move:BACKUP.md", "move:.kestra-stack/manifest"})
    void a_failure_at_any_point_of_a_write_leaves_the_old_bundle_intact(String point) throws IOException {
        StackBundle.of(stack("pw-one")).writeTo(dir);
        Map<String, String> before = snapshot();
        StackBundle changed = StackBundle.of(stack("pw-one").toBuilder().name("renamed")
                .kestra(k -> k.encryptionKey(Secret.of("OTHER_KEY", "b3RoZXIta2V5LWZvci10ZXN0cy0xMjM0NTY3ODkwMTI="))).build());
        String[] at = point.split(":", 2);

        assertThrows(UncheckedIOException.class, () -> changed.writeTo(dir, false, (step, path) -> {
            if (step.equals(at[0]) && path.equals(at[1])) {
                throw new IOException("injected failure at " + point);
            }
        }));

        assertEquals(before, snapshot(), "old bundle intact, no staging left behind");
        changed.writeTo(dir);
        assertEquals(changed.content("docker-compose.yml"), Files.readString(dir.resolve("docker-compose.yml")));
    }

    @Test
    void a_crash_after_the_commit_record_is_finished_by_the_next_run() throws IOException {
        StackBundle.of(stack("pw-one")).writeTo(dir);
        StackBundle changed = StackBundle.of(stack("pw-one").toBuilder().name("renamed").build());
        // Simulate a crash: the hook stops the writer between two renames, and we skip its roll-back by
        // re-creating the state a killed process leaves: staged files plus the commit record.
        Map<String, String> staged = new TreeMap<>();
        assertThrows(Error.class, () -> changed.writeTo(dir, false, (step, path) -> {
            if (step.equals("move") && path.equals(".env")) {
                staged.putAll(snapshot());
                throw new Error("process killed");
            }
        }));
        // An Error is not rolled back: the directory is as a killed process leaves it.
        assertTrue(Files.exists(dir.resolve(".kestra-stack/commit")));
        assertTrue(BundleWriter.interrupted(dir));

        StackBundle.recover(dir);

        assertFalse(BundleWriter.interrupted(dir));
        assertEquals(changed.content("docker-compose.yml"), Files.readString(dir.resolve("docker-compose.yml")));
        assertEquals(changed.content("VERIFY.md"), Files.readString(dir.resolve("VERIFY.md")));
    }

    @Test
    void an_env_file_that_cannot_be_read_stops_the_write_instead_of_losing_secrets() throws IOException {
        StackBundle.of(stack("pw-one")).writeTo(dir);
        Files.writeString(dir.resolve(".env"), "POSTGRES_PASSWORD='s3cr3t-value\n");
        BundleConflictException e = assertThrows(BundleConflictException.class,
                () -> StackBundle.of(stack("pw-one")).writeTo(dir, true));
        assertEquals("unreadable-env", e.violations().get(0).code());
        assertFalse(e.getMessage().contains("s3cr3t-value"), "no value in the message");
    }
}
