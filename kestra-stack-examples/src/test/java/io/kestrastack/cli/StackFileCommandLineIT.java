package io.kestrastack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code init}, {@code generate --from}, {@code schema} and {@code --help}, run as the packaged jar. */
class StackFileCommandLineIT {

    @TempDir
    Path work;

    @Test
    void every_command_has_help_that_exits_0() throws Exception {
        for (String command : List.of("generate", "init", "schema", "validate", "lint")) {
            for (String flag : List.of("--help", "-h")) {
                Cli.Run run = Cli.run(work, command, flag);
                assertEquals(0, run.exitCode(), command + " " + flag + "\n" + run);
                assertTrue(run.out().startsWith("Usage: kestra-stack " + command), run.out());
            }
        }
        String generate = Cli.run(work, "generate", "--help").out();
        assertTrue(generate.contains("--from FILE") && generate.contains("--target kubernetes"), generate);
        assertFalse(Files.exists(work.resolve("kestra-stack")), "help writes nothing");
    }

    @Test
    void init_writes_a_starting_file_that_generate_from_turns_into_a_stack_the_real_tools_accept() throws Exception {
        Cli.Run init = Cli.run(work, "init");
        assertEquals(0, init.exitCode(), init.toString());
        assertTrue(Files.readString(work.resolve("stack.yaml")).startsWith("# kestra-stack stack file"));
        Cli.Run again = Cli.run(work, "init");
        assertEquals(2, again.exitCode(), "an existing file is not overwritten without --force");
        assertEquals(0, Cli.run(work, "init", "--force").exitCode());
        Cli.Run run = Cli.run(work, "generate", "--from", "stack.yaml", "--out", "s");
        assertEquals(0, run.exitCode(), run.toString());
        io.kestrastack.checks.RealToolChecks.assertAcceptedByEveryTool(work.resolve("s"));
    }

    @Test
    void a_misspelt_key_exits_1_naming_the_closest_key_and_writes_nothing() throws Exception {
        Files.writeString(work.resolve("bad.yaml"), String.join("\n",
                "publicAddress: https://flows.example.com",
                "kestra:",
                "  basicAuth: {username: admin@example.com}",
                "  workerThread: 4",
                "edge:",
                "  kind: caddy",
                "  tls: {mode: acme}",
                ""));
        Cli.Run run = Cli.run(work, "generate", "--from", "bad.yaml", "--out", "b");
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().contains("kestra.workerThread [unknown-key]"), run.err());
        assertTrue(run.err().contains("'workerThreads'"), run.err());
        assertFalse(Files.exists(work.resolve("b")));
    }

    @Test
    void flags_override_the_file() throws Exception {
        assertEquals(0, Cli.run(work, "init").exitCode());
        Cli.Run run = Cli.run(work, "generate", "--from", "stack.yaml", "--out", "o", "--context-path", "/kestra",
                "--host", "flows.example.com", "--edge", "nginx", "--admin-email", "ops@example.com");
        assertEquals(0, run.exitCode(), run.toString());
        String compose = Files.readString(work.resolve("o/docker-compose.yml"));
        assertTrue(compose.contains("context-path: /kestra"), compose);
        assertTrue(compose.contains("https://flows.example.com/kestra/"), compose);
        assertTrue(compose.contains("ops@example.com"), compose);
        assertTrue(Files.readString(work.resolve("o/nginx/certbot.sh")).contains("flows.example.com"));
    }

    @Test
    void schema_prints_the_published_schema() throws Exception {
        Cli.Run run = Cli.run(work, "schema");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(Files.readString(Path.of("..", "docs", "stack-file.schema.json")), run.out());
    }
}
