package io.kestrastack.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DockerComposeHost} against stand-ins for the docker CLI: what it says when Compose is missing, and its timeout. */
class DockerComposeHostTest {

    @TempDir
    Path dir;

    private Path docker(String script) throws IOException {
        Path file = dir.resolve("docker");
        Files.writeString(file, "#!/bin/sh\n" + script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    @Test
    void a_docker_cli_without_compose_is_named_as_such_not_quoted_as_a_bad_flag() throws IOException {
        // What the docker CLI without the compose plugin answers (seen on this machine: docker 28.2.2).
        Path docker = docker("echo 'docker: unknown command: docker compose' >&2; exit 1\n");
        Optional<String> why = new DockerComposeHost(dir, List.of(docker.toString(), "compose"), Duration.ofSeconds(10))
                .unreachable();
        assertTrue(why.isPresent());
        assertTrue(why.get().contains("compose is not available here") && why.get().contains("docker-compose-plugin")
                && why.get().contains("unknown command"), why.get());
    }

    @Test
    void a_reachable_host_is_one_where_compose_answers_version_and_ps() throws IOException {
        Path docker = docker("case \"$2\" in version) echo 'Docker Compose version v2.40.0';; ps) exit 0;; esac\n");
        assertEquals(Optional.empty(),
                new DockerComposeHost(dir, List.of(docker.toString(), "compose"), Duration.ofSeconds(10)).unreachable());
    }

    @Test
    void a_command_whose_child_keeps_the_output_open_still_times_out() throws IOException {
        // The child inherits stdout and outlives the command: reading a pipe to its end would wait 60 s.
        Path docker = docker("sleep 60 &\nsleep 60\n");
        long t0 = System.nanoTime();
        ComposeHost.Result r = new DockerComposeHost(dir, List.of(docker.toString(), "compose"), Duration.ofSeconds(2))
                .recreate(List.of("kestra"));
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertEquals(124, r.exitCode(), r.output());
        assertTrue(seconds < 15, "took " + seconds + " s");
    }
}
