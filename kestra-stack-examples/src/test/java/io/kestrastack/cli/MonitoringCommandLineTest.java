package io.kestrastack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.Monitoring;
import io.kestrastack.Stack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate --monitoring [--alert-webhook URL | --alert-email ADDRESS --smtp-host HOST:PORT]}, in-process. */
class MonitoringCommandLineTest {

    @TempDir
    Path work;

    private static int run(String... args) {
        return Main.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void monitoring_with_a_webhook_writes_the_monitoring_folder() throws Exception {
        Path dir = work.resolve("b");
        assertEquals(Main.OK, run("generate", "--out", dir.toString(), "--monitoring", "--alert-webhook",
                "https://hooks.example.com/kestra"));
        for (String f : List.of("monitoring/prometheus/prometheus.yml", "monitoring/prometheus/alerts.yml",
                "monitoring/prometheus/alerts.test.yml", "monitoring/alertmanager/alertmanager.yml",
                "monitoring/blackbox/blackbox.yml")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertTrue(Files.readString(dir.resolve("monitoring/alertmanager/alertmanager.yml")).contains("https://hooks.example.com/kestra"));
        assertTrue(Files.readString(dir.resolve("docker-compose.yml")).contains("  prometheus:"));
        assertTrue(Files.readString(dir.resolve("VERIFY.md")).contains("## What to watch first"));
    }

    @Test
    void a_stack_file_sets_the_receiver_and_thresholds() throws Exception {
        Path file = work.resolve("stack.yaml");
        Files.writeString(file, String.join("\n",
                // A certificate from files: the certificate alert watches it (Caddy's own 12-hour certificates are not).
                "publicAddress: https://kestra.corp.example",
                "edge:",
                "  kind: caddy",
                "  tls:",
                "    mode: files",
                "    certificate: ./certs/kestra.crt",
                "    key: ./certs/kestra.key",
                "kestra:",
                "  basicAuth:",
                "    username: admin@example.com",
                "monitoring:",
                "  receiver:",
                "    type: webhook",
                "    url: https://hooks.example.com/kestra",
                "  workerSaturation: 0.75",
                "  certificateDays: 21",
                ""));
        Path dir = work.resolve("b");
        assertEquals(Main.OK, run("generate", "--from", file.toString(), "--out", dir.toString()));
        String rules = Files.readString(dir.resolve("monitoring/prometheus/alerts.yml"));
        assertTrue(rules.contains(">= 0.75"), rules);
        assertTrue(rules.contains("< 21 * 86400"), rules);
        Files.writeString(file, Files.readString(file).replace("0.75", "\"high\""));
        assertEquals(Main.PROBLEMS, run("generate", "--from", file.toString(), "--out", work.resolve("c").toString()));
    }

    @Test
    void without_monitoring_there_is_no_monitoring_folder() {
        Path dir = work.resolve("b");
        assertEquals(Main.OK, run("generate", "--out", dir.toString()));
        assertFalse(Files.exists(dir.resolve("monitoring")));
    }

    @Test
    void the_receiver_options_are_checked() {
        Path dir = work.resolve("b");
        assertEquals(Main.USAGE, run("generate", "--out", dir.toString(), "--monitoring"));
        assertEquals(Main.USAGE, run("generate", "--out", dir.toString(), "--alert-webhook", "https://h.example.com/"));
        assertEquals(Main.USAGE, run("generate", "--out", dir.toString(), "--monitoring", "--alert-webhook",
                "https://h.example.com/", "--alert-email", "ops@example.com"));
        assertEquals(Main.USAGE, run("generate", "--out", dir.toString(), "--monitoring", "--alert-email", "ops@example.com"));
        assertEquals(Main.PROBLEMS, run("generate", "--out", dir.toString(), "--monitoring", "--alert-webhook", "ftp://x"));
        assertFalse(Files.exists(dir));
    }

    @Test
    void an_smtp_user_takes_the_password_from_the_environment_only() throws Exception {
        Options o = Options.parse(List.of("--monitoring", "--alert-email", "ops@example.com", "--smtp-host",
                "smtp.example.com:587", "--smtp-user", "alerts"), Set.of("--alert-email", "--smtp-host", "--smtp-user"),
                Set.of("--monitoring"));
        Stack base = Generate.stack("localhost", "none", Options.parse(List.of(), Set.of(), Set.of()));
        assertThrows(UsageException.class, () -> Generate.withMonitoring(base, o, null));
        Stack stack = Generate.withMonitoring(base, o, "smtp-Pass-1");
        Monitoring.Email email = (Monitoring.Email) stack.monitoring().orElseThrow().receiver();
        assertEquals("ALERT_SMTP_PASSWORD", email.password().variable());
        assertEquals("alerts@kestra.local", email.from());
        assertFalse(stack.toString().contains("smtp-Pass-1"));
    }
}
