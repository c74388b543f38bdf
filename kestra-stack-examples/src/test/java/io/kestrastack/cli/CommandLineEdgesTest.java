package io.kestrastack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edges of the command line, run in-process (issue 10 items 9 and 10). */
class CommandLineEdgesTest {

    @TempDir
    Path work;

    record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void an_empty_out_is_a_usage_error_and_writes_nothing_in_the_current_directory() {
        Result r = run("generate", "--out", "");
        assertEquals(Main.USAGE, r.code(), r.toString());
        assertTrue(r.err().contains("--out needs a directory name"), r.err());
        assertFalse(Files.exists(Path.of(".kestra-stack")), "no state written into the working directory");
        Result blank = run("generate", "--out=  ");
        assertEquals(Main.USAGE, blank.code(), blank.toString());
        Result kubernetes = run("generate", "--target", "kubernetes", "--out", "");
        assertEquals(Main.USAGE, kubernetes.code(), kubernetes.toString());
        assertTrue(kubernetes.err().contains("--out needs a directory name"), kubernetes.err());
    }

    @Test
    void a_host_with_a_port_is_refused_naming_the_host_alone() {
        Result r = run("generate", "--out", work.resolve("b").toString(), "--host", "flows.example.com:8443",
                "--acme-email", "ops@example.com");
        assertEquals(Main.USAGE, r.code(), r.toString());
        assertTrue(r.err().contains("--host takes a host name without a port"), r.err());
        assertTrue(r.err().contains("--host flows.example.com"), r.err());
        assertFalse(Files.exists(work.resolve("b")));
        for (String bad : new String[] {"https://flows.example.com", "flows.example.com/kestra", "user@flows.example.com"}) {
            assertEquals(Main.USAGE, run("generate", "--out", work.resolve("b").toString(), "--host", bad).code(), bad);
        }
    }

    @Test
    void a_line_break_in_an_option_value_cannot_print_a_fake_line() {
        Result r = run("generate", "--out", work.resolve("b").toString(), "--context-path", "/a\nkestra-stack: all good",
                "--admin-email", "x\n0 problems:");
        assertEquals(Main.PROBLEMS, r.code(), r.toString());
        assertFalse(r.err().lines().anyMatch(l -> l.startsWith("kestra-stack: all good") || l.startsWith("0 problems")),
                r.err());
        Result usage = run("generate", "--colour\n0 problems:");
        assertFalse(usage.err().lines().anyMatch(l -> l.startsWith("0 problems")), usage.err());
    }

    @Test
    void generate_makes_a_readable_env_private_and_says_so() throws Exception {
        Path dir = work.resolve("b");
        assertEquals(Main.OK, run("generate", "--out", dir.toString()).code());
        Files.setPosixFilePermissions(dir.resolve(".env"), PosixFilePermissions.fromString("rw-r--r--"));
        Result r = run("generate", "--out", dir.toString());
        assertEquals(Main.OK, r.code(), r.toString());
        assertTrue(r.out().contains("it is now readable by its owner only (mode 0600)"), r.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".env"))));
    }
}
