package io.kestrastack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.internal.DotEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rotate} as a user runs it, with {@code docker} on PATH replaced by a script that records its arguments and
 * standard input: the commands, their order, and that no value is in an argument list or the output.
 */
class RotateCommandIT {

    @TempDir
    Path dir;

    private Map<String, String> fakeDocker(int psExit) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path docker = bin.resolve("docker");
        Files.writeString(docker, String.join("\n",
                "#!/bin/sh",
                "echo \"$*\" >> \"$FAKE_LOG\"",
                "n=$(wc -l < \"$FAKE_LOG\")",
                "cat > \"$FAKE_LOG.stdin.$n\"",
                "case \"$*\" in \"compose ps --quiet\") exit " + psExit + ";; esac",
                "exit 0", ""));
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Map.of("PATH", bin + ":/usr/bin:/bin", "FAKE_LOG", dir.resolve("calls.log").toString());
    }

    private String env(Path bundle, String name) throws Exception {
        return DotEnv.parse(Files.readString(bundle.resolve(".env"))).values().get(name);
    }

    @Test
    void rotate_runs_docker_compose_in_order_with_no_value_in_argv_or_output() throws Exception {
        Path bundle = dir.resolve("stack");
        assertEquals(0, Cli.run(dir, "generate", "--out", bundle.toString()).exitCode());
        String old = env(bundle, "POSTGRES_PASSWORD");
        Cli.Run run = Cli.run(dir, fakeDocker(0), "rotate", "POSTGRES_PASSWORD", "--out", bundle.toString());
        assertEquals(0, run.exitCode(), run.toString());
        String fresh = env(bundle, "POSTGRES_PASSWORD");
        List<String> calls = Files.readAllLines(dir.resolve("calls.log"));
        assertEquals(List.of(
                "compose version",
                "compose ps --quiet",
                "compose exec -T postgres psql -X -q -v ON_ERROR_STOP=1 -U kestra -d kestra",
                "compose up -d --no-deps --force-recreate --wait kestra backup",
                "compose exec -T postgres sh -c IFS= read -r PGPASSWORD && export PGPASSWORD && exec psql -X -w -h \"$1\""
                        + " -U \"$2\" -d \"$3\" -Atc 'select 1' sh postgres kestra kestra"), calls);
        assertTrue(Files.readString(dir.resolve("calls.log.stdin.3")).contains("\\set kestra_stack_password '" + fresh + "'"));
        for (String text : List.of(String.join("\n", calls), run.out(), run.err())) {
            assertFalse(text.contains(fresh) || text.contains(old), text);
        }
        assertTrue(run.out().endsWith("POSTGRES_PASSWORD rotated\n"), run.out());
    }

    @Test
    void an_unreachable_host_writes_rotate_md_and_exits_1_and_a_wrong_name_exits_2() throws Exception {
        Path bundle = dir.resolve("stack");
        assertEquals(0, Cli.run(dir, "generate", "--out", bundle.toString()).exitCode());
        String before = Files.readString(bundle.resolve(".env"));
        Cli.Run pending = Cli.run(dir, fakeDocker(1), "rotate", "BASIC_AUTH_PASSWORD", "--out", bundle.toString());
        assertEquals(1, pending.exitCode(), pending.toString());
        assertTrue(pending.err().contains("not rotated yet") && Files.exists(bundle.resolve("ROTATE.md")), pending.toString());
        assertEquals(before, Files.readString(bundle.resolve(".env")));

        Cli.Run wrong = Cli.run(dir, fakeDocker(0), "rotate", "NOPE", "--out", bundle.toString());
        assertEquals(2, wrong.exitCode(), wrong.toString());
        assertTrue(wrong.err().contains("rotatable: POSTGRES_PASSWORD, BASIC_AUTH_PASSWORD, ENCRYPTION_SECRET_KEY"), wrong.err());
        Cli.Run key = Cli.run(dir, fakeDocker(0), "rotate", "ENCRYPTION_SECRET_KEY", "--out", bundle.toString());
        assertEquals(1, key.exitCode(), key.toString());
        assertTrue(key.err().contains("unreadable"), key.err());
    }
}
