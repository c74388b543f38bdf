package io.kestrastack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.internal.DotEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineIT {

    @TempDir
    Path work;

    @Test
    void version_and_help_exit_0() throws Exception {
        Cli.Run version = Cli.run(work, "--version");
        assertEquals(0, version.exitCode(), version.toString());
        assertTrue(version.out().matches("kestra-stack \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n"), version.out());
        Cli.Run help = Cli.run(work, "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("generate [--out DIR]"));
    }

    @Test
    void usage_errors_exit_2_and_say_what_is_wrong() throws Exception {
        Cli.Run none = Cli.run(work);
        assertEquals(2, none.exitCode());
        Cli.Run unknown = Cli.run(work, "generate", "--colour", "blue");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown option --colour"), unknown.err());
        Cli.Run badEdge = Cli.run(work, "generate", "--edge", "traefik");
        assertEquals(2, badEdge.exitCode());
        assertTrue(badEdge.err().contains("--edge must be caddy, nginx or none"), badEdge.err());
        Cli.Run missingValue = Cli.run(work, "generate", "--host");
        assertEquals(2, missingValue.exitCode());
        assertEquals(2, Cli.run(work, "frobnicate").exitCode());
        assertFalse(Files.exists(work.resolve("kestra-stack")), "nothing written on usage errors");
    }

    @Test
    void generate_without_options_writes_a_local_stack_to_kestra_stack() throws Exception {
        Cli.Run run = Cli.run(work, "generate");
        assertEquals(0, run.exitCode(), run.toString());
        Path dir = work.resolve("kestra-stack");
        for (String file : new String[] {"docker-compose.yml", ".env", "caddy/Caddyfile", "VERIFY.md", "BACKUP.md",
            "flows/smoke-test.yaml", ".gitignore"}) {
            assertTrue(Files.isRegularFile(dir.resolve(file)), file + " written");
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".env"))));
        assertTrue(run.out().contains("https://localhost/"), run.out());
        Map<String, String> env = DotEnv.parse(Files.readString(dir.resolve(".env"))).values();
        for (String value : env.values()) {
            assertFalse(run.out().contains(value), "no secret printed");
            assertFalse(run.err().contains(value), "no secret printed");
        }
        Cli.Run validate = Cli.run(work, "validate", "kestra-stack");
        assertEquals(0, validate.exitCode(), validate.toString());
    }

    @Test
    void generating_again_keeps_the_secrets() throws Exception {
        assertEquals(0, Cli.run(work, "generate", "--out", "s").exitCode());
        String first = Files.readString(work.resolve("s/.env"));
        Cli.Run again = Cli.run(work, "generate", "--out", "s", "--context-path", "/kestra");
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(DotEnv.parse(first).values(), DotEnv.parse(Files.readString(work.resolve("s/.env"))).values());
        assertTrue(Files.readString(work.resolve("s/docker-compose.yml")).contains("context-path: /kestra"));
    }

    @Test
    void invalid_settings_exit_1_with_every_violation_and_write_nothing() throws Exception {
        Cli.Run run = Cli.run(work, "generate", "--out", "bad", "--context-path", "/a b", "--admin-email", "root",
                "--kestra-image", "latest");
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().contains("contextPath [invalid-context-path]"), run.err());
        assertTrue(run.err().contains("kestra.basicAuth.username [not-an-email]"), run.err());
        assertTrue(run.err().contains("kestra.image [unpinned-image]"), run.err());
        assertFalse(Files.exists(work.resolve("bad")));
    }

    @Test
    void a_public_host_needs_no_acme_email_and_gets_one_in_the_caddyfile_only_when_given() throws Exception {
        Cli.Run run = Cli.run(work, "generate", "--host", "flows.example.com", "--out", "p");
        assertEquals(0, run.exitCode(), run.toString());
        String caddyfile = Files.readString(work.resolve("p/caddy/Caddyfile"));
        assertFalse(caddyfile.contains("email"), caddyfile);
        Cli.Run nginx = Cli.run(work, "generate", "--host", "flows.example.com", "--edge", "nginx", "--out", "n");
        assertEquals(0, nginx.exitCode(), nginx.toString());
        assertTrue(Files.readString(work.resolve("n/nginx/certbot.sh")).contains("--register-unsafely-without-email"));
        Cli.Run given = Cli.run(work, "generate", "--host", "flows.example.com", "--acme-email", "ops@example.com",
                "--out", "q");
        assertEquals(0, given.exitCode(), given.toString());
        assertTrue(Files.readString(work.resolve("q/caddy/Caddyfile")).contains("email ops@example.com"));
    }

    @Test
    void with_nginx_and_certbot_the_next_steps_get_the_certificate_before_compose_up() throws Exception {
        Cli.Run run = Cli.run(work, "generate", "--edge", "nginx", "--host", "flows.example.com", "--acme-email",
                "ops@example.com", "--out", "n");
        assertEquals(0, run.exitCode(), run.toString());
        String next = run.out().lines().filter(l -> l.startsWith("Next:")).findFirst().orElseThrow();
        assertTrue(next.indexOf("sh nginx/certbot.sh") > 0
                && next.indexOf("sh nginx/certbot.sh") < next.indexOf("docker compose up -d"), next);
        String caddy = Cli.run(work, "generate", "--out", "c").out();
        assertFalse(caddy.contains("certbot"), caddy);
    }

    @Test
    void regenerating_for_an_earlier_kestra_line_exits_1_unless_allowed() throws Exception {
        assertEquals(0, Cli.run(work, "generate", "--out", "l").exitCode());
        Cli.Run back = Cli.run(work, "generate", "--out", "l", "--kestra-image", "v1.3.4");
        assertEquals(1, back.exitCode(), back.toString());
        assertTrue(back.err().contains("line-downgrade") && back.err().contains("--allow-line-change"), back.err());
        Cli.Run allowed = Cli.run(work, "generate", "--out", "l", "--kestra-image", "v1.3.4", "--allow-line-change");
        assertEquals(0, allowed.exitCode(), allowed.toString());
    }

    @Test
    void dry_run_prints_a_diff_and_writes_nothing() throws Exception {
        Cli.Run run = Cli.run(work, "generate", "--dry-run", "--out", "d");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("+++ b/docker-compose.yml"), run.out());
        assertTrue(run.out().contains("POSTGRES_PASSWORD=<redacted>"), run.out());
        assertFalse(Files.exists(work.resolve("d")));
    }

    @Test
    void edited_files_are_kept_unless_forced() throws Exception {
        assertEquals(0, Cli.run(work, "generate", "--out", "e").exitCode());
        Path compose = work.resolve("e/docker-compose.yml");
        Files.writeString(compose, Files.readString(compose) + "# tuned by hand\n");
        Cli.Run run = Cli.run(work, "generate", "--out", "e", "--context-path", "/k");
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().contains("docker-compose.yml [edited-file]"), run.err());
        assertTrue(Files.readString(compose).endsWith("# tuned by hand\n"));
        Cli.Run forced = Cli.run(work, "generate", "--out", "e", "--context-path", "/k", "--force");
        assertEquals(0, forced.exitCode(), forced.toString());
        assertFalse(Files.readString(compose).contains("# tuned by hand"));
    }

    @Test
    void validate_reports_a_missing_variable_with_exit_1() throws Exception {
        assertEquals(0, Cli.run(work, "generate", "--out", "v", "--edge", "none").exitCode());
        Path env = work.resolve("v/.env");
        Files.writeString(env, Files.readString(env).replaceAll("(?m)^BASIC_AUTH_PASSWORD=.*$", ""));
        Cli.Run run = Cli.run(work, "validate", "v");
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().contains(".env [missing-variable]"), run.err());
        assertEquals(2, Cli.run(work, "validate").exitCode());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "",
        "--edge nginx",
        "--edge none --context-path /kestra",
        "--edge caddy --host flows.example.com --acme-email ops@example.com --context-path /kestra",
        "--edge nginx --host flows.example.com --acme-email ops@example.com",
        "--edge caddy --host flows.example.com",
        "--edge nginx --host flows.example.com",
        "--edge nginx --context-path /tools/kestra --kestra-image v1.3.41 --postgres-image 17.6"})
    void what_generate_writes_is_accepted_by_the_real_tools(String options) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("generate", "--out", "b"));
        if (!options.isEmpty()) {
            args.addAll(java.util.List.of(options.split(" ")));
        }
        Cli.Run run = Cli.run(work, args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.toString());
        io.kestrastack.checks.RealToolChecks.assertAcceptedByEveryTool(work.resolve("b"));
        Cli.Run lint = Cli.run(work, "lint", "--format", "json", "b");
        assertEquals(0, lint.exitCode(), lint.toString());
        assertEquals("[]", lint.out().strip());
    }

    @Test
    void lint_reports_each_finding_on_a_line_and_exits_1() throws Exception {
        Path compose = work.resolve("docker-compose.yml");
        Files.writeString(compose, String.join("\n",
                "version: \"3.8\"",
                "services:",
                "  kestra:",
                "    image: kestra/kestra:latest",
                "    command: server local",
                ""));
        Cli.Run run = Cli.run(work, "lint", "docker-compose.yml");
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("docker-compose\\.yml:1 compose-version-key: .*")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("docker-compose\\.yml:4 image-not-pinned: .*")), run.out());
        Cli.Run json = Cli.run(work, "lint", "--format", "json", "docker-compose.yml");
        assertEquals(1, json.exitCode());
        assertTrue(json.out().strip().startsWith("[") && json.out().contains("\"rule\":\"image-not-pinned\""),
                json.out());
        assertEquals(2, Cli.run(work, "lint").exitCode());
        assertEquals(2, Cli.run(work, "lint", "--format", "xml", "docker-compose.yml").exitCode());
    }
}
