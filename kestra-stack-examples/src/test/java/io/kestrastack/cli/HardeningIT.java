package io.kestrastack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged command line against concurrent runs, a permissive umask and an unreadable directory (issue 10). */
class HardeningIT {

    @TempDir
    Path work;

    private static List<String> java(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(Cli.jar().toString());
        command.addAll(List.of(args));
        return command;
    }

    private static Process start(Path dir, List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    private static int await(Process p) throws InterruptedException {
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kestra-stack did not finish in 90 s");
        }
        return p.exitValue();
    }

    @Test
    void two_processes_generating_into_one_directory_leave_one_whole_bundle() throws Exception {
        Path refA = work.resolve("ref-a");
        Path refB = work.resolve("ref-b");
        assertEquals(0, Cli.run(work, "generate", "--out", refA.toString(), "--edge", "nginx", "--context-path", "/a").exitCode());
        assertEquals(0, Cli.run(work, "generate", "--out", refB.toString(), "--edge", "nginx", "--context-path", "/b").exitCode());
        int mixed = 0;
        int pairs = 4;
        for (int i = 0; i < pairs; i++) {
            Path dir = work.resolve("pair" + i);
            Process a = start(work, java("generate", "--out", dir.toString(), "--edge", "nginx", "--context-path", "/a",
                    "--force"), work.resolve("a" + i + ".log"));
            Process b = start(work, java("generate", "--out", dir.toString(), "--edge", "nginx", "--context-path", "/b",
                    "--force"), work.resolve("b" + i + ".log"));
            int ea = await(a);
            int eb = await(b);
            assertEquals(0, ea, Files.readString(work.resolve("a" + i + ".log")));
            assertEquals(0, eb, Files.readString(work.resolve("b" + i + ".log")));
            if (!sameFiles(dir, refA) && !sameFiles(dir, refB)) {
                mixed++;
            }
        }
        assertEquals(0, mixed, "pairs of processes that left a mixed bundle, of " + pairs);
    }

    /** Whether every generated file but .env (whose secrets differ) matches the reference bundle. */
    private static boolean sameFiles(Path dir, Path reference) throws IOException {
        try (Stream<Path> walk = Files.walk(reference)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String rel = reference.relativize(p).toString();
                if (rel.equals(".env") || rel.startsWith(".kestra-stack")) {
                    continue;
                }
                Path other = dir.resolve(rel);
                if (!Files.isRegularFile(other) || !Files.readString(other).equals(Files.readString(p))) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void under_umask_000_the_bundle_is_not_writable_by_others_and_its_state_is_private() throws Exception {
        Path log = work.resolve("umask.log");
        List<String> command = new ArrayList<>(List.of("sh", "-c", "umask 000 && exec \"$0\" \"$@\""));
        command.addAll(java("generate", "--out", "bundle"));
        int exit = await(start(work, command, log));
        assertEquals(0, exit, Files.readString(log));
        Path dir = work.resolve("bundle");
        assertEquals("rwxr-xr-x", mode(dir));
        assertEquals("rwx------", mode(dir.resolve(".kestra-stack")));
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String m = mode(p);
                assertTrue(m.charAt(4) == '-' && m.charAt(7) == '-', p + " is " + m);
            }
        }
        assertEquals("rw-------", mode(dir.resolve(".env")));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void lint_reports_a_subdirectory_it_cannot_read_and_exits_1() throws Exception {
        Path root = Files.createTempDirectory("lint-unreadable");
        try {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path hidden = Files.createDirectories(root.resolve("stack"));
            Files.writeString(hidden.resolve("docker-compose.yml"), "services:\n  a:\n    image: nginx\n");
            Files.setPosixFilePermissions(hidden, PosixFilePermissions.fromString("---------"));
            List<String> command = new ArrayList<>();
            if (isRoot()) {
                // root reads every directory: run the check as an unprivileged user, as an operator would be
                command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
            }
            command.addAll(java("lint", root.toString()));
            Path log = Files.createTempFile("lint", ".log");
            int exit = await(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
            String printed = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            assertEquals(1, exit, printed);
            assertTrue(printed.contains("stack") && printed.contains("cannot be read"), printed);
        } finally {
            Files.setPosixFilePermissions(root.resolve("stack"), PosixFilePermissions.fromString("rwx------"));
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean isRoot() throws Exception {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        id.waitFor();
        return uid.equals("0");
    }
}
