package io.kestrastack.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.Stack;
import io.kestrastack.render.RenderedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle writer against a hostile directory, an unlucky operator and concurrent runs (issue 10). */
class BundleWriterHardeningTest {

    @TempDir
    Path root;

    private Path bundleDir() throws IOException {
        return Files.createDirectories(root.resolve("bundle"));
    }

    private static Stack stack(String contextPath) {
        return StackBundleWriteTest.stack("pw-one").toBuilder().contextPath(contextPath).build();
    }

    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                out.put(dir.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    // ---- 1. path confinement and modes

    @Test
    void a_planted_commit_record_naming_a_path_outside_the_bundle_moves_nothing() throws IOException {
        Path dir = bundleDir();
        StackBundle.of(stack("/")).writeTo(dir);
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("evil.txt"), "operator's own file");
        // what another local user plants: a "staged" file and a record whose path leads outside the bundle
        Files.createDirectories(dir.resolve(".kestra-stack/outside"));
        Files.writeString(dir.resolve(".kestra-stack/outside/evil.txt"), "planted");
        Files.writeString(dir.resolve(".kestra-stack/commit"), "../outside/evil.txt\n");

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> StackBundle.of(stack("/")).writeTo(dir));

        assertEquals("operator's own file", Files.readString(outside.resolve("evil.txt")));
        assertTrue(Files.exists(dir.resolve(".kestra-stack/outside/evil.txt")), "nothing moved");
        assertTrue(e.getCause().getMessage().contains("not a path inside the bundle"), e.getCause().getMessage());
    }

    @Test
    void a_staging_directory_replaced_by_a_symbolic_link_is_not_followed() throws IOException {
        Path dir = bundleDir();
        StackBundle.of(stack("/")).writeTo(dir);
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("docker-compose.yml"), "attacker's file");
        Files.createSymbolicLink(dir.resolve(".kestra-stack/staging"), outside);
        Files.writeString(dir.resolve(".kestra-stack/commit"), "docker-compose.yml\n");
        String before = Files.readString(dir.resolve("docker-compose.yml"));

        assertThrows(UncheckedIOException.class, () -> StackBundle.recover(dir));

        assertEquals(before, Files.readString(dir.resolve("docker-compose.yml")), "nothing taken from outside");
        assertEquals("attacker's file", Files.readString(outside.resolve("docker-compose.yml")));
    }

    @Test
    void a_state_directory_that_is_a_symbolic_link_is_refused_before_anything_is_deleted() throws IOException {
        Path dir = bundleDir();
        Path outside = Files.createDirectories(root.resolve("outside/staging"));
        Files.writeString(outside.resolve("important.txt"), "keep me");
        Files.createSymbolicLink(dir.resolve(".kestra-stack"), root.resolve("outside"));

        assertThrows(UncheckedIOException.class, () -> StackBundle.of(stack("/")).writeTo(dir));
        assertThrows(UncheckedIOException.class, () -> StackBundle.recover(dir));

        assertEquals("keep me", Files.readString(outside.resolve("important.txt")));
    }

    @Test
    void a_bundle_subdirectory_that_is_a_symbolic_link_outside_is_a_problem_not_a_write_target() throws IOException {
        Path dir = bundleDir();
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.createSymbolicLink(dir.resolve("flows"), outside);

        BundleConflictException e = assertThrows(BundleConflictException.class,
                () -> StackBundle.of(stack("/")).writeTo(dir, true));

        assertEquals("outside-bundle", e.violations().get(0).code(), e.violations().toString());
        try (Stream<Path> files = Files.list(outside)) {
            assertEquals(0, files.count(), "nothing written through the link");
        }
    }

    @Test
    void a_generated_file_replaced_by_a_symbolic_link_is_neither_read_nor_replaced() throws IOException {
        Path dir = bundleDir();
        StackBundle.of(stack("/")).writeTo(dir);
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("private.txt"), "MARKER private content");
        Files.delete(dir.resolve("VERIFY.md"));
        Files.createSymbolicLink(dir.resolve("VERIFY.md"), outside.resolve("private.txt"));

        BundlePlan plan = StackBundle.of(stack("/kestra")).plan(dir, true);
        assertFalse(plan.unifiedDiff().contains("MARKER"), plan.unifiedDiff());
        BundleConflictException e = assertThrows(BundleConflictException.class,
                () -> StackBundle.of(stack("/kestra")).writeTo(dir, true));
        assertEquals("not-a-file", e.violations().get(0).code());
        assertTrue(Files.isSymbolicLink(dir.resolve("VERIFY.md")));
        assertEquals("MARKER private content", Files.readString(outside.resolve("private.txt")));
    }

    @Test
    void a_manifest_entry_outside_the_bundle_is_ignored() throws IOException {
        Path dir = bundleDir();
        StackBundle.of(stack("/")).writeTo(dir);
        Files.writeString(dir.resolve(".kestra-stack/manifest"),
                "0".repeat(64) + "  ../outside/x\n" + "0".repeat(64) + " e /etc/passwd\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        BundleWriter.Manifest m = BundleWriter.readManifest(dir);
        assertFalse(m.allPaths().stream().anyMatch(p -> p.contains("..") || p.startsWith("/")), m.allPaths().toString());
    }

    @Test
    void the_state_directory_is_private_and_the_bundle_directory_not_writable_by_others_whatever_was_there()
            throws IOException {
        Path dir = root.resolve("fresh/bundle");
        StackBundle.of(stack("/")).writeTo(dir);
        assertEquals("rwx------", mode(dir.resolve(".kestra-stack")));
        assertEquals("rwxr-xr-x", mode(dir));
        assertEquals("rwxr-xr-x", mode(dir.resolve("flows")));
        assertEquals("rw-------", mode(dir.resolve(".kestra-stack/manifest")));

        // a state directory another user could write to (left by umask 000) is narrowed on the next run
        Files.setPosixFilePermissions(dir.resolve(".kestra-stack"), PosixFilePermissions.fromString("rwxrwxrwx"));
        StackBundle.of(stack("/kestra")).writeTo(dir);
        assertEquals("rwx------", mode(dir.resolve(".kestra-stack")));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    // ---- 2. secrets in diffs and messages

    @Test
    void dry_run_shows_no_line_of_a_multi_line_value_nor_any_comment_of_the_operator() throws IOException {
        Path dir = bundleDir();
        StackBundle.of(stack("/")).writeTo(dir);
        Files.writeString(dir.resolve(".env"), Files.readString(dir.resolve(".env"))
                + "# old key: MARKER-COMMENT\nTLS_KEY=\"-----BEGIN KEY-----\nMARKER-CONTINUATION\n-----END KEY-----\"\n");

        String diff = StackBundle.of(stack("/kestra")).plan(dir, false).unifiedDiff();

        assertFalse(diff.contains("MARKER"), diff);
        assertFalse(diff.contains("BEGIN KEY"), diff);
        assertTrue(diff.contains("TLS_KEY=<redacted>"), diff);
    }

    @Test
    void a_line_of_env_that_cannot_be_read_is_not_quoted_in_the_conflict_message() throws IOException {
        Path dir = bundleDir();
        StackBundle.of(stack("/")).writeTo(dir);
        Files.writeString(dir.resolve(".env"), "hunter2-MARKER secret=x\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);

        BundleConflictException e = assertThrows(BundleConflictException.class,
                () -> StackBundle.of(stack("/")).writeTo(dir));

        assertEquals("unreadable-env", e.violations().get(0).code());
        assertFalse(e.getMessage().contains("MARKER"), e.getMessage());
        assertFalse(BundleCheck.check(dir).problems().toString().contains("MARKER"));
    }

    // ---- 3. concurrent runs

    @Test
    void concurrent_runs_on_one_directory_leave_one_whole_bundle_never_a_mix() throws Exception {
        StackBundle a = StackBundle.of(stack("/a"));
        StackBundle b = StackBundle.of(stack("/b"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int mixed = 0;
        try {
            for (int pair = 0; pair < 20; pair++) {
                Path dir = root.resolve("pair" + pair);
                CountDownLatch start = new CountDownLatch(1);
                Future<?> fa = pool.submit(() -> { start.await(); return a.writeTo(dir, true); });
                Future<?> fb = pool.submit(() -> { start.await(); return b.writeTo(dir, true); });
                start.countDown();
                fa.get(60, TimeUnit.SECONDS);
                fb.get(60, TimeUnit.SECONDS);
                if (!isWhole(dir, a) && !isWhole(dir, b)) {
                    mixed++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, mixed, "pairs that left a mixed bundle");
    }

    private static boolean isWhole(Path dir, StackBundle bundle) throws IOException {
        for (RenderedFile f : bundle.files()) {
            if (!f.path().equals(".env") && !f.content().equals(Files.readString(dir.resolve(f.path())))) {
                return false;
            }
        }
        return !BundleWriter.interrupted(dir);
    }

    @Test
    void a_run_that_cannot_get_the_lock_in_time_fails_clearly_and_writes_nothing() throws Exception {
        Path dir = bundleDir();
        StackBundle.of(stack("/")).writeTo(dir);
        Map<String, String> before = snapshot(dir);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (BundleLock lock = BundleLock.acquire(dir, Duration.ofSeconds(5))) {
                holding.countDown();
                release.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        holder.start();
        try {
            assertTrue(holding.await(10, TimeUnit.SECONDS));
            StackBundle other = StackBundle.of(stack("/other"));
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> new BundleWriter((s, p) -> {}, Duration.ofMillis(300)).write(other.files(), dir, false));
            assertTrue(e.getCause().getMessage().contains("another kestra-stack run is writing"), e.getCause().getMessage());
            assertEquals(before, snapshot(dir));
        } finally {
            release.countDown();
            holder.join();
        }
    }

    @Test
    void a_failed_run_claims_the_previous_bundle_intact_only_when_it_checked_that_it_is() throws IOException {
        Path dir = bundleDir();
        StackBundle.of(stack("/")).writeTo(dir);
        StackBundle changed = StackBundle.of(stack("/kestra"));
        List<String> moved = new ArrayList<>();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> changed.writeTo(dir, false, (step, path) -> {
            if (step.equals("move")) {
                moved.add(path);
                if (moved.size() == 2) {
                    // the saved copies vanish (a full disk, another program): the roll-back cannot restore
                    try (Stream<Path> walk = Files.walk(dir.resolve(".kestra-stack/previous"))) {
                        for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                            Files.delete(p);
                        }
                    }
                    throw new IOException("injected failure");
                }
            }
        }));
        assertFalse(e.getMessage().contains("intact"), e.getMessage());
        assertTrue(e.getMessage().contains("may be incomplete"), e.getMessage());

        UncheckedIOException clean = assertThrows(UncheckedIOException.class, () -> changed.writeTo(dir, true,
                (step, path) -> {
                    if (step.equals("move") && path.equals("docker-compose.yml")) {
                        throw new IOException("injected failure");
                    }
                }));
        assertTrue(clean.getMessage().contains("checked: the previous bundle is intact"), clean.getMessage());
    }

    // ---- 8. files written before

    @Test
    void a_file_dropped_from_the_bundle_and_brought_back_is_still_ours() throws IOException {
        Path dir = bundleDir();
        StackBundle.of(stack("/"), Operations.defaults()).writeTo(dir);
        StackBundle.of(stack("/"), Operations.builder().verifyGuide(false).build()).writeTo(dir);
        assertTrue(Files.exists(dir.resolve("VERIFY.md")), "left in place as obsolete");

        BundlePlan back = StackBundle.of(stack("/kestra"), Operations.defaults()).writeTo(dir);

        assertTrue(back.conflicts().isEmpty(), back.summary());
        assertTrue(BundleCheck.check(dir).problems().isEmpty(), BundleCheck.check(dir).problems().toString());
    }

    // ---- 9. a readable .env

    @Test
    void a_world_readable_env_is_made_private_by_the_next_write_and_the_plan_says_so() throws IOException {
        Path dir = bundleDir();
        StackBundle.of(stack("/")).writeTo(dir);
        Files.setPosixFilePermissions(dir.resolve(".env"), PosixFilePermissions.fromString("rw-r--r--"));

        BundlePlan plan = StackBundle.of(stack("/")).writeTo(dir);

        assertEquals("rw-------", mode(dir.resolve(".env")));
        assertTrue(plan.changes().stream().anyMatch(c -> c.path().equals(".env") && c.action() == FileChange.Action.SECURE),
                plan.summary());
        assertTrue(BundleCheck.check(dir).problems().isEmpty());
    }
}
