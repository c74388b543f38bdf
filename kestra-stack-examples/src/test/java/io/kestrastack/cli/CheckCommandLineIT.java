package io.kestrastack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kestra-stack check} through the packaged jar: usage errors exit 2, a deployment that is not there exits 1. */
class CheckCommandLineIT {

    @TempDir
    Path work;

    @Test
    void usage_errors_exit_2_and_say_what_is_wrong() throws Exception {
        assertUsage("check needs exactly one URL", "check");
        assertUsage("--format must be text or json", "check", "https://localhost/", "--format", "yaml");
        assertUsage("--user and --password-env go together", "check", "https://localhost/", "--user", "a@example.com");
        assertUsage("KS_CHECK_UNSET_VARIABLE (--password-env) is not set", "check", "https://localhost/", "--user",
                "a@example.com", "--password-env", "KS_CHECK_UNSET_VARIABLE");
        assertUsage("sseProbe [needs-credentials]", "check", "https://localhost/", "--sse-probe");
        assertUsage("url [invalid-url]", "check", "localhost:8080");
        assertUsage("--insecure-ca /no/such/ca.pem is not a file", "check", "https://localhost/", "--insecure-ca", "/no/such/ca.pem");
        assertUsage("--min-cert-days must be a whole number", "check", "https://localhost/", "--min-cert-days", "soon");
        assertUsage("unknown option --colour", "check", "https://localhost/", "--colour", "blue");
    }

    private void assertUsage(String message, String... args) throws Exception {
        Cli.Run run = Cli.run(work, args);
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains(message), () -> "'" + message + "' not in\n" + run);
    }

    @Test
    void help_names_every_option() throws Exception {
        Cli.Run help = Cli.run(work, "check", "--help");
        assertEquals(0, help.exitCode(), help.toString());
        for (String option : new String[] {"--bundle", "--user", "--password-env", "--format", "--sse-probe", "--insecure-ca"}) {
            assertTrue(help.out().contains(option), help.out());
        }
    }

    @Test
    void a_deployment_that_does_not_answer_fails_with_exit_1_in_json_too() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli.Run run = Cli.run(work, "check", "http://127.0.0.1:" + port + "/kestra/", "--format", "json");
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.out().startsWith("{\"url\":\"http://127.0.0.1:" + port + "/kestra/\",\"passed\":false,\"results\":["),
                run.out());
        assertTrue(run.out().contains("{\"id\":\"kestra.ui\",\"group\":\"kestra\",\"status\":\"fail\""), run.out());
    }
}
